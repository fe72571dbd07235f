/**
 * `npm run backup [-- --out <folder>]`: a dump of every subgraph database (pg_dump, custom format,
 * each one a consistent snapshot of its database) into `backups/<stamp>/`, with a manifest (sizes,
 * checksums, the migrations applied, the supergraph's and the event contract's digests), plus the
 * part of the event streams that the databases cannot give back. Full stack only (DATABASE_URL):
 * the embedded PGlite lives inside the running process; stop it and copy DATA_DIR instead.
 *
 * What JetStream holds that the databases do not:
 * - Events published but not yet handled by every consumer. Their producers marked them published
 *   in their outbox, so a restored outbox would not send them again, and the consumers' databases
 *   do not have their effects: they are saved (`events-in-flight.jsonl`), from the lowest ack floor
 *   of the stream's consumers read BEFORE the first dump, to the stream's end AFTER the last one.
 *   Whatever a database dumped early is missing is in that range; the inboxes make the events a
 *   consumer had already handled no-ops when restore publishes them again.
 * - The dead letters (`dead-letters.jsonl`): the only copy `npm run events:replay` reads.
 * Not saved, because the databases rebuild them: unpublished outbox rows (the relay sends them),
 * consumers and their positions (created at start; the restored inboxes say what was handled),
 * and Redis (caches, leaderboards rebuilt from the XP ledger).
 * The databases are dumped one after the other, not at one instant: cross-subgraph state meets
 * again through the events above, as it does in normal running.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { readCatalog, repoRoot } from '#platform/catalog.ts';
import { subgraphDatabaseName, subgraphDatabaseUrl } from '#platform/db/postgres-server.ts';
import { loadEnv } from '#platform/env.ts';
import { jetStreamNames } from '#platform/events/jetstream-bus.ts';
import { libpqEnvironment, MANIFEST, sha256Of, sha256OfText, type DatabaseBackup, type Manifest } from './backup-state.ts';

const run = promisify(execFile);
const { values: options } = parseArgs({ options: { out: { type: 'string' } } });
const env = loadEnv({ dotenv: true });
if (!env.DATABASE_URL) {
  console.error(
    'npm run backup needs DATABASE_URL (the full stack: Postgres). The embedded default keeps its data in PGlite under ' +
      `DATA_DIR (${env.DATA_DIR}): stop the platform and copy that folder.`,
  );
  process.exit(2);
}
const databaseUrl = env.DATABASE_URL;
const started = performance.now();
const createdAt = new Date();
const folder = resolve(options.out ?? join(repoRoot, 'backups', createdAt.toISOString().replace(/[:.]/g, '-')));
mkdirSync(folder, { recursive: true });

/** The stream sequence below which every consumer has acked everything (its lowest ack floor). */
async function lowestAckFloor(jsm: JetStreamManager, stream: string): Promise<number> {
  const info = await jsm.streams.info(stream);
  let floor = info.state.last_seq;
  for await (const consumer of jsm.consumers.list(stream)) floor = Math.min(floor, consumer.ack_floor.stream_seq);
  return Math.max(floor, info.state.first_seq - 1);
}

/** Messages `fromSeq`..`toSeq` of a stream as JSON lines (subject and data), written to `file`. */
async function saveMessages(jsm: JetStreamManager, stream: string, fromSeq: number, toSeq: number, file: string) {
  const lines: string[] = [];
  for (let seq = fromSeq; seq <= toSeq; seq += 1) {
    const stored = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (stored) lines.push(JSON.stringify({ subject: stored.subject, data: stored.json() }));
  }
  writeFileSync(join(folder, file), lines.length ? `${lines.join('\n')}\n` : '');
  return { file, bytes: statSync(join(folder, file)).size, sha256: await sha256Of(join(folder, file)), count: lines.length };
}

async function dumpDatabase(subgraph: string): Promise<DatabaseBackup> {
  const database = subgraphDatabaseName(databaseUrl, subgraph);
  const file = `${subgraph}.dump`;
  const client = new pg.Client({ connectionString: subgraphDatabaseUrl(databaseUrl, subgraph) });
  await client.connect();
  let migrations: DatabaseBackup['migrations'];
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
    );
    migrations = { count: rows.length, latest: rows.at(-1)?.migration_name ?? null };
  } finally {
    await client.end();
  }
  await run('pg_dump', ['--format=custom', '--no-owner', '--file', join(folder, file)], {
    env: { PATH: process.env.PATH, ...libpqEnvironment(databaseUrl, database) },
  });
  const path = join(folder, file);
  return { subgraph, database, file, bytes: statSync(path).size, sha256: await sha256Of(path), migrations };
}

const nc = env.NATS_URL ? await connect({ servers: env.NATS_URL }) : undefined;
try {
  const streams = jetStreamNames(env.EVENTS_NAMESPACE);
  const jsm = nc ? await jetstreamManager(nc) : undefined;
  const eventsExist = jsm
    ? await jsm.streams.info(streams.events).then(
        () => true,
        () => false,
      )
    : false;
  // Read before the first dump: anything a database lacks lies above it.
  const inFlightFrom = jsm && eventsExist ? (await lowestAckFloor(jsm, streams.events)) + 1 : 0;

  const databases: DatabaseBackup[] = [];
  for (const { name } of readCatalog()) {
    const dumped = await dumpDatabase(name);
    databases.push(dumped);
    console.log(`${name.padEnd(14)} ${dumped.database.padEnd(32)} ${(dumped.bytes / 1024).toFixed(0).padStart(7)} KiB`);
  }

  let events: Manifest['events'];
  if (!jsm) events = { skipped: 'NATS_URL is not set: the in-process bus keeps nothing outside the outboxes' };
  else {
    const toSeq = eventsExist ? (await jsm.streams.info(streams.events)).state.last_seq : 0;
    const inFlight = await saveMessages(jsm, streams.events, inFlightFrom, toSeq, 'events-in-flight.jsonl');
    const dlq = await jsm.streams.info(streams['dead-letters']).catch(() => undefined);
    const deadLetters = await saveMessages(
      jsm,
      streams['dead-letters'],
      dlq?.state.first_seq ?? 1,
      dlq?.state.last_seq ?? 0,
      'dead-letters.jsonl',
    );
    events = { namespace: env.EVENTS_NAMESPACE, inFlight: { ...inFlight, fromSeq: inFlightFrom, toSeq }, deadLetters };
  }

  const manifest: Manifest = {
    format: 1,
    createdAt: createdAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    supergraphSha256: sha256OfText(readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8')),
    eventsContractSha256: sha256OfText(readFileSync(join(repoRoot, 'schema', 'events.json'), 'utf8')),
    databases,
    events,
  };
  writeFileSync(join(folder, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  const bytes = databases.reduce((sum, entry) => sum + entry.bytes, 0);
  console.log(
    `backup: ${databases.length} databases, ${(bytes / 1024 / 1024).toFixed(2)} MiB` +
      ('inFlight' in events ? `, ${events.inFlight.count} events in flight, ${events.deadLetters.count} dead letters` : '') +
      ` in ${(manifest.durationMs / 1000).toFixed(1)} s -> ${relative(process.cwd(), folder) || '.'}`,
  );
} finally {
  await nc?.close();
}
