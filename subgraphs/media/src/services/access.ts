/** Who may manage and read a file: its owner and admins; anyone for a READY avatar. */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import type { File } from '../generated/prisma/client.ts';

export const isAdmin = (viewer: Viewer | undefined): boolean => hasRole(viewer, 'ADMIN');

export const canManage = (file: Pick<File, 'ownerId'>, viewer: Viewer | undefined): boolean =>
  Boolean(viewer) && (viewer!.userId === file.ownerId || isAdmin(viewer));

export const isPublicFile = (file: Pick<File, 'purpose' | 'status'>): boolean =>
  file.purpose === 'AVATAR' && file.status === 'READY';
