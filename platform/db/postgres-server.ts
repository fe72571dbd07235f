/**
 * Full-stack mode: DATABASE_URL names one Postgres server and a base database name; each subgraph
 * owns the database `<base>_<subgraph>` on that server (doctorpy → doctorpy_accounts, ...).
 */
import pg from 'pg';

const DEFAULT_BASE_NAME = 'doctorpy';

export function subgraphDatabaseName(databaseUrl: string, subgraph: string): string {
  const base = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || DEFAULT_BASE_NAME;
  return `${base}_${subgraph}`;
}

export function subgraphDatabaseUrl(databaseUrl: string, subgraph: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(subgraphDatabaseName(databaseUrl, subgraph))}`;
  return url.toString();
}

/** A connection to the server's `postgres` database, to create and drop the subgraphs' databases. */
async function maintenanceClient(databaseUrl: string): Promise<pg.Client> {
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  return client;
}

/** Creates the subgraph's database when missing (CI and fresh servers). Safe under concurrency. */
export async function ensureDatabase(databaseUrl: string, subgraph: string): Promise<void> {
  const name = subgraphDatabaseName(databaseUrl, subgraph);
  const client = await maintenanceClient(databaseUrl);
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`).catch((error: { code?: string }) => {
      // 42P04 duplicate_database, 23505: another process created it between our check and now.
      if (error.code !== '42P04' && error.code !== '23505') throw error;
    });
  } finally {
    await client.end();
  }
}

/** Drops the subgraphs' databases, whoever is connected (test and benchmark runs start empty). */
export async function dropSubgraphDatabases(databaseUrl: string, subgraphs: string[]): Promise<void> {
  const client = await maintenanceClient(databaseUrl);
  try {
    for (const subgraph of subgraphs) {
      const name = subgraphDatabaseName(databaseUrl, subgraph).replaceAll('"', '""');
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
