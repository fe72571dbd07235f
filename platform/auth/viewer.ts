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

/**
 * @deprecated Accounts' enum Role is the list; this copy only serves platform/events/catalog.ts
 * until the event catalog moves to the subgraphs (schema/roles.test.ts keeps it equal meanwhile).
 */
export const ROLES = ['STUDENT', 'INSTRUCTOR', 'ADMIN', 'ANALYST'] as const;

/**
 * @deprecated "Staff" belongs to the subgraphs that use it; this one only serves
 * gateway/src/subscriptions/fields.ts until subscriptions are declared by their subgraphs.
 */
export const isStaff = (viewer: Viewer | undefined): boolean => hasRole(viewer, 'ADMIN', 'ANALYST');
