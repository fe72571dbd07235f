/**
 * A minimal SQL connection per subgraph database, used where Prisma is not: applying migrations,
 * readiness checks, test resets. Postgres (pg) and embedded PGlite implement the same interface.
 */
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface SqlSession {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of several statements (no parameters). */
  exec(script: string): Promise<void>;
}

export interface SqlDatabase extends SqlSession {
  /** The Postgres schema holding this subgraph's tables. */
  readonly schema: string;
  /** Runs `work` in one transaction with the subgraph's schema first on the search path. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

const postgresSession = (client: pg.Pool | pg.PoolClient): SqlSession => ({
  query: async <Row>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as Row[],
  exec: async (script) => {
    await client.query(script);
  },
});

const pgliteSession = (client: Pick<PGlite, 'query' | 'exec'>): SqlSession => ({
  query: async <Row>(text: string, params: unknown[] = []) => (await client.query<Row>(text, params)).rows,
  exec: async (script) => {
    await client.exec(script);
  },
});

export function postgresDatabase(connectionString: string): SqlDatabase {
  const pool = new pg.Pool({ connectionString, max: 2, idleTimeoutMillis: 5_000 });
  return {
    schema: 'public',
    ...postgresSession(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(postgresSession(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * One schema of the shared embedded PGlite. PGlite is a single connection: its transactions are
 * exclusive, so `SET LOCAL search_path` cannot leak into another subgraph's queries.
 */
export function pgliteDatabase(instance: PGlite, schema: string): SqlDatabase {
  return {
    schema,
    ...pgliteSession(instance),
    transaction: (work) =>
      instance.transaction(async (tx) => {
        await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}; SET LOCAL search_path TO ${quoteIdent(schema)}`);
        return work(pgliteSession(tx));
      }),
    // The instance is shared by every subgraph of the process; the runtime closes it.
    close: async () => undefined,
  };
}
