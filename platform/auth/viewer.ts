/**
 * Who is calling: established from a verified access token, never from client-sent ids. Roles are
 * plain names here: accounts declares them (enum Role in its schema.graphql) and puts them in
 * tokens; each subgraph decides what a role may do (schema/roles.test.ts checks every role name
 * used in the schemas and in code against that enum).
 */
import { forbidden, unauthenticated } from '../errors.ts';

export interface Viewer {
  userId: string;
  /** Names from accounts' enum Role. */
  roles: string[];
  /** The login session the token belongs to (revoked on logout). */
  sessionId: string;
}

/** True when the viewer has at least one of `roles`. */
export const hasRole = (viewer: Viewer | undefined, ...roles: string[]): boolean =>
  Boolean(viewer && roles.some((role) => viewer.roles.includes(role)));

export function requireViewer(viewer: Viewer | undefined): Viewer {
  if (!viewer) throw unauthenticated();
  return viewer;
}

/** The viewer if they have one of `roles`; UNAUTHENTICATED when anonymous, FORBIDDEN otherwise. */
export function requireRole(viewer: Viewer | undefined, ...roles: string[]): Viewer {
  const known = requireViewer(viewer);
  if (!hasRole(known, ...roles)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
  return known;
}
