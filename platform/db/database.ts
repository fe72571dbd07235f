/**
 * Opens a subgraph's database: its own Postgres database in full-stack mode, its own schema of the
 * process' embedded PGlite otherwise. Both come with the SQL handle and the Prisma adapter.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Env } from '../env.ts';
import { applyMigrations } from './migrations.ts';
import { ensureDatabase, subgraphDatabaseUrl } from './postgres-server.ts';
import { pgliteAdapter, postgresAdapter, type SqlDriverAdapterFactory } from './prisma-adapters.ts';
import { pgliteDatabase, postgresDatabase, type SqlDatabase } from './sql.ts';

export interface SubgraphDatabase {
  sql: SqlDatabase;
  adapter: SqlDriverAdapterFactory;
  /** Where the data lives, for logs (never includes credentials). */
  location: string;
}

export interface DatabaseHost {
  env: Env;
  embeddedPostgres(): Promise<PGlite>;
}

export async function openSubgraphDatabase(
  host: DatabaseHost,
  subgraph: string,
  options: { migrationsDir: string; migrate: boolean },
): Promise<SubgraphDatabase & { applied: string[] }> {
  const { env } = host;
  let database: SubgraphDatabase;
  if (env.DATABASE_URL) {
    const url = subgraphDatabaseUrl(env.DATABASE_URL, subgraph);
    if (options.migrate) await ensureDatabase(env.DATABASE_URL, subgraph);
    const { hostname, port, pathname } = new URL(url);
    database = {
      sql: postgresDatabase(url),
      adapter: postgresAdapter(url, env.DATABASE_POOL_SIZE),
      location: `postgres://${hostname}:${port || 5432}${pathname}`,
    };
  } else {
    const instance = await host.embeddedPostgres();
    database = {
      sql: pgliteDatabase(instance, subgraph),
      adapter: pgliteAdapter(instance, subgraph),
      location: `pglite:${env.DATA_DIR}#${subgraph}`,
    };
  }
  const applied = options.migrate ? await applyMigrations(database.sql, options.migrationsDir) : [];
  return { ...database, applied };
}
