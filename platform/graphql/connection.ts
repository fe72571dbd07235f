/**
 * Cursor connections (`edges { node cursor } pageInfo { hasNextPage endCursor } totalCount`).
 * Cursors are opaque to clients; here they wrap the row id used as a Prisma cursor.
 */
import { badInput } from '../errors.ts';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Connection<T> {
  edges: Array<{ node: T; cursor: string }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Resolved only when selected (GraphQL calls function-valued fields). */
  totalCount: () => Promise<number>;
}

const CURSOR_PREFIX = 'c:';

export const encodeCursor = (id: string): string => Buffer.from(CURSOR_PREFIX + id).toString('base64url');

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX) || decoded.length > 200)
    throw badInput('Invalid cursor', [{ field: 'after', message: 'not a cursor returned by this API' }]);
  return decoded.slice(CURSOR_PREFIX.length);
}

/** Validates `first` (1..max, default `fallback`). */
export function pageSize(first: number | null | undefined, max = 100, fallback = 20): number {
  if (first === null || first === undefined) return fallback;
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badInput(`first must be between 1 and ${max}`, [{ field: 'first', message: `between 1 and ${max}` }]);
  }
  return first;
}

/**
 * The Prisma arguments for one page: one row more than asked tells whether a next page exists.
 * Combine with an `orderBy` that ends with the id so the order is total.
 */
export function pageQuery(args: PageArgs, max?: number) {
  const size = pageSize(args.first, max);
  const after = args.after ? decodeCursor(args.after) : undefined;
  return {
    size,
    prisma: { take: size + 1, ...(after ? { cursor: { id: after }, skip: 1 } : {}) },
  };
}

export function toConnection<T extends { id: string }>(
  rows: T[],
  size: number,
  totalCount: () => Promise<number>,
): Connection<T> {
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ node, cursor: encodeCursor(node.id) }));
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
