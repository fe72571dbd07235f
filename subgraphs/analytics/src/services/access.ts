/** Who reads which figures. */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';

/** Admins and analysts read every figure and the event store. */
export const isStaff = (viewer: Viewer | undefined): boolean => hasRole(viewer, 'ADMIN') || hasRole(viewer, 'ANALYST');
