/** Staff, in analytics: admins and analysts read every learner's figures and events. */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';

export const isStaff = (viewer: Viewer | undefined): boolean => hasRole(viewer, 'ADMIN', 'ANALYST');
