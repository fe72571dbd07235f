/**
 * `npm run restore -- <backup folder> --yes` (or `--confirm <database base name>`): puts the
 * platform back to a backup of `npm run backup`. Stop the platform first: every subgraph database
 * named in the manifest is DROPPED (connections closed by force) and recreated from its dump.
 * Without --yes or the matching --confirm it changes nothing. Checksums are verified before
 * anything is dropped.
 * Then, since Postgres is the source of truth:
 * - Redis (REDIS_URL's database) is flushed: caches and leaderboards are rebuilt from the restored
 *   databases (gamification rebuilds a missing leaderboard from its XP ledger); rate-limit windows
 *   and the access-token revocation list restart empty (access tokens are short-lived).
 *   `--keep-redis` leaves it.
 * - With NATS_URL, the namespace's streams are recreated: the events after the backup belong to a
 *   state that no longer exists; the saved in-flight events and dead letters are published again
 *   (message id = event id). Consumers are created at start and read from the beginning; their
 *   restored inboxes make the events they had handled no-ops.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { readCatalog } from '#platform/catalog.ts';
import { subgraphDatabaseName } from '#platform/db/postgres-server.ts';
import { loadEnv } from '#platform/env.ts';
import type { DeadLetterRecord } from '#platform/events/bus.ts';
import type { EventEnvelope } from '#platform/events/envelope.ts';
import { JetStreamBus, jetStreamNames } from '#platform/events/jetstream-bus.ts';
import { createLogger } from '#platform/logger.ts';
import { libpqEnvironment, maintenanceClient, verifiedManifest } from './backup-state.ts';

const run = promisify(execFile);
const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    yes: { type: 'boolean', default: false },
    confirm: { type: 'string' },
    'keep-redis': { type: 'boolean', default: false },
  },
});
const env = loadEnv({ dotenv: true });
const fail = (message: string, code = 2): never => {
  console.error(message);
  process.exit(code);
};
if (positionals.length !== 1)
  fail('usage: npm run restore -- <backup folder> --yes | --confirm <database base name> [--keep-redis]');
if (!env.DATABASE_URL) fail('npm run restore needs DATABASE_URL (the full stack: Postgres); embedded data is a DATA_DIR copy.');
const databaseUrl = env.DATABASE_URL!;
const folder = resolve(positionals[0]!);
const base = decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || 'doctorpy';
if (!options.yes && options.confirm !== base)
  fail(
    `restore DROPS the ${base}_* databases on ${new URL(databaseUrl).host} and recreates them from ${folder}.\n` +
      `Stop the platform, then run again with --yes or --confirm ${base}.`,
  );

const started = performance.now();
const manifest = await verifiedManifest(folder);
const known = new Set(readCatalog().map(({ name }) => name));
const unknown = manifest.databases.filter((entry) => !known.has(entry.subgraph)).map((entry) => entry.subgraph);
if (unknown.length) console.warn(`warning: the backup holds subgraphs rover.yaml does not list: ${unknown.join(', ')}`);

const maintenance = await maintenanceClient(databaseUrl);
try {
  for (const entry of manifest.databases) {
    // The target's own naming (its base name), not the one the backup was taken under.
    const database = subgraphDatabaseName(databaseUrl, entry.subgraph);
    const quoted = `"${database.replaceAll('"', '""')}"`;
    await maintenance.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await maintenance.query(`CREATE DATABASE ${quoted}`);
    await run('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', database, join(folder, entry.file)], {
      env: { PATH: process.env.PATH, ...libpqEnvironment(databaseUrl, database) },
    });
    console.log(
      `${entry.subgraph.padEnd(14)} ${database} restored (${entry.migrations.count} migrations, last ${entry.migrations.latest})`,
    );
  }
} finally {
  await maintenance.end();
}

if (env.REDIS_URL && !options['keep-redis']) {
  const redis = new Redis(env.REDIS_URL);
  await redis.flushdb();
  await redis.quit();
  console.log('redis: flushed (caches and leaderboards rebuild from the restored databases)');
}

if (env.NATS_URL && 'inFlight' in manifest.events) {
  const nc = await connect({ servers: env.NATS_URL });
  const jsm = await jetstreamManager(nc);
  for (const stream of Object.values(jetStreamNames(env.EVENTS_NAMESPACE))) await jsm.streams.delete(stream).catch(() => false);
  await nc.close();
  // The bus creates the streams as the platform does, and publishes as its outboxes do.
  const bus = new JetStreamBus(env.NATS_URL, env.EVENTS_NAMESPACE, createLogger(env, 'restore'));
  try {
    const lines = (file: string) =>
      readFileSync(join(folder, file), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { data: unknown });
    const inFlight = lines(manifest.events.inFlight.file);
    for (const { data } of inFlight) await bus.publish(data as EventEnvelope);
    const deadLetters = lines(manifest.events.deadLetters.file);
    for (const { data } of deadLetters) await bus.deadLetter(data as DeadLetterRecord);
    console.log(
      `events: streams recreated, ${inFlight.length} in-flight events and ${deadLetters.length} dead letters published again`,
    );
  } finally {
    await bus.close();
  }
}
console.log(
  `restore: ${manifest.databases.length} databases from ${manifest.createdAt} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
