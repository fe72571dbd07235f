/** Who is calling: established from a verified access token, never from client-sent ids. */
import { forbidden, unauthenticated } from '../errors.ts';

export const ROLES = ['STUDENT', 'INSTRUCTOR', 'ADMIN', 'ANALYST'] as const;
export type Role = (typeof ROLES)[number];

export interface Viewer {
  userId: string;
  roles: Role[];
  /** The login session the token belongs to (revoked on logout). */
  sessionId: string;
}

export const hasRole = (viewer: Viewer | undefined, role: Role): boolean => Boolean(viewer?.roles.includes(role));

/** Admins and analysts: they may read every learner's progress, figures and events. */
export const isStaff = (viewer: Viewer | undefined): boolean => hasRole(viewer, 'ADMIN') || hasRole(viewer, 'ANALYST');

export function requireViewer(viewer: Viewer | undefined): Viewer {
  if (!viewer) throw unauthenticated();
  return viewer;
}

/** The viewer if they have one of `roles`; UNAUTHENTICATED when anonymous, FORBIDDEN otherwise. */
export function requireRole(viewer: Viewer | undefined, ...roles: Role[]): Viewer {
  const known = requireViewer(viewer);
  if (!roles.some((role) => known.roles.includes(role))) {
    throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
  }
  return known;
}
