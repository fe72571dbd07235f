/** Who may do what with a webinar: its host and admins run it; participants follow it. */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import { forbidden } from '#platform/errors.ts';
import type { Webinar } from '../generated/prisma/client.ts';

export const isHost = (viewer: Viewer | undefined, webinar: Pick<Webinar, 'hostId'>): boolean =>
  Boolean(viewer) && viewer!.userId === webinar.hostId;

export const isAdmin = (viewer: Viewer | undefined): boolean => hasRole(viewer, 'ADMIN');

export function requireManager(viewer: Viewer, webinar: Webinar): void {
  if (!isHost(viewer, webinar) && !isAdmin(viewer)) throw forbidden('Only the host of this webinar and admins can do this');
}
