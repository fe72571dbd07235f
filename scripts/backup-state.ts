/**
 * What `npm run backup` writes and `npm run restore` reads: the manifest of a backup folder and
 * the checks both make. One folder per backup, `backups/<stamp>/`:
 *   manifest.json              databases (file, bytes, SHA-256, migrations), contracts, event state
 *   <subgraph>.dump            pg_dump --format=custom of the subgraph's database
 *   events-in-flight.jsonl     events a consumer may not have handled yet (see backup.ts)
 *   dead-letters.jsonl         the dead-letter stream
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export const MANIFEST = 'manifest.json';

export interface BackupFile {
  file: string;
  bytes: number;
  sha256: string;
}

export interface DatabaseBackup extends BackupFile {
  subgraph: string;
  database: string;
  /** The Prisma migrations applied when dumped: how many, and the last one. */
  migrations: { count: number; latest: string | null };
}

export interface Manifest {
  format: 1;
  createdAt: string;
  durationMs: number;
  /** The supergraph and event contract the databases were written under. */
  supergraphSha256: string;
  eventsContractSha256: string;
  databases: DatabaseBackup[];
  events:
    | {
        namespace: string;
        inFlight: BackupFile & { count: number; fromSeq: number; toSeq: number };
        deadLetters: BackupFile & { count: number };
      }
    | { skipped: string };
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const sha256OfText = (text: string) => createHash('sha256').update(text).digest('hex');

/** The manifest of a backup folder, every file present and matching its checksum (throws otherwise). */
export async function verifiedManifest(folder: string): Promise<Manifest> {
  const path = join(folder, MANIFEST);
  if (!existsSync(path)) throw new Error(`${folder} holds no ${MANIFEST}: not a backup folder`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  if (manifest.format !== 1) throw new Error(`${path}: unknown backup format ${String(manifest.format)}`);
  const files: BackupFile[] = [...manifest.databases];
  if ('inFlight' in manifest.events) files.push(manifest.events.inFlight, manifest.events.deadLetters);
  for (const entry of files) {
    const file = join(folder, entry.file);
    if (!existsSync(file)) throw new Error(`${file} is missing`);
    const actual = await sha256Of(file);
    if (actual !== entry.sha256) throw new Error(`${file}: checksum ${actual} does not match the manifest's ${entry.sha256}`);
  }
  return manifest;
}

/** A connection to the server's `postgres` database (create and drop databases). */
export async function maintenanceClient(databaseUrl: string): Promise<pg.Client> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

/** libpq settings for pg_dump / pg_restore: the URL's parts as PG* variables (no password on a command line). */
export function libpqEnvironment(databaseUrl: string, database: string): Record<string, string> {
  const url = new URL(databaseUrl);
  return {
    PGHOST: url.hostname,
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username || 'postgres'),
    ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}),
    PGDATABASE: database,
  };
}
