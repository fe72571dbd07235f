/** DataLoader batch functions from "fetch these rows" queries, in the order DataLoader expects. */
import type DataLoader from 'dataloader';

/** One row (or undefined) per key, matched on `keyOf(row)`. */
export const byKey =
  <Row>(fetch: (keys: readonly string[]) => Promise<Row[]>, keyOf: (row: Row) => string) =>
  async (keys: readonly string[]): Promise<Array<Row | undefined>> => {
    const rows = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
    return keys.map((key) => rows.get(key));
  };

/** One row (or undefined) per id. */
export const byId = <Row extends { id: string }>(fetch: (ids: readonly string[]) => Promise<Row[]>) =>
  byKey(fetch, (row: Row) => row.id);

/** Every row sharing each key, grouped on `keyOf(row)` (e.g. the lessons of each module). */
export const groupedBy =
  <Row>(fetch: (keys: readonly string[]) => Promise<Row[]>, keyOf: (row: Row) => string) =>
  async (keys: readonly string[]): Promise<Row[][]> => {
    const groups = new Map<string, Row[]>();
    for (const row of await fetch(keys)) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  };

/** Rows that reference each other by foreign key always exist; a miss is a bug, not a client error. */
export async function mustLoad<T>(loader: DataLoader<string, T | undefined>, id: string, what: string): Promise<T> {
  const row = await loader.load(id);
  if (!row) throw new Error(`${what} ${id} is referenced but missing`);
  return row;
}
