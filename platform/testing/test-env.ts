/**
 * Settings of the test process. Tests run against the machine's real Postgres, Redis and NATS,
 * on databases of their own (`doctorpy_test_<subgraph>`), Redis database 15 and JetStream streams
 * of their own (a namespace per test stack, deleted on close), so a developer's `npm start` data
 * is never touched. TEST_* variables point them elsewhere.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { loadEnv, type Env, type SettingsSource } from '../env.ts';

const testSettings = z.object({
  TEST_DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/doctorpy_test'),
  TEST_REDIS_URL: z.string().default('redis://127.0.0.1:6379/15'),
  TEST_NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  TEST_LOG_LEVEL: z.string().default('silent'),
});

/**
 * Integration files run in several Jest workers at once; each worker gets services of its own (the
 * databases `<base>_w<N>_<subgraph>` and the Redis database `<db> - (N - 1)`), so files in two
 * workers never see each other's rows, leaderboards or rate limits, as when they ran one by one.
 */
export function workerServices(
  settings: { TEST_DATABASE_URL: string; TEST_REDIS_URL: string },
  worker: number,
): { TEST_DATABASE_URL: string; TEST_REDIS_URL: string } {
  if (worker <= 1) return settings;
  const redis = new URL(settings.TEST_REDIS_URL);
  const db = Number(redis.pathname.slice(1) || '0') - (worker - 1);
  if (db < 0) throw new Error(`TEST_REDIS_URL leaves no Redis database for Jest worker ${worker}: use a higher database number`);
  redis.pathname = `/${db}`;
  const database = new URL(settings.TEST_DATABASE_URL);
  database.pathname = `${database.pathname}_w${worker}`;
  return { TEST_DATABASE_URL: database.toString(), TEST_REDIS_URL: redis.toString() };
}

export const testSettingsFromProcess = () => {
  const settings = testSettings.parse(process.env);
  return { ...settings, ...workerServices(settings, Number(process.env.JEST_WORKER_ID ?? '1')) };
};

let dataDir: string | undefined;
/** One temporary folder per test process, made on first use. */
const testDataDir = () => (dataDir ??= mkdtempSync(join(tmpdir(), 'doctorpy-test-')));

/**
 * The settings a test server runs with, platform's and subgraphs' alike (a runtime's settings
 * source); `overrides` adjust one test's needs.
 */
export function testSettingsSource(overrides: Record<string, string> = {}): SettingsSource {
  const settings = testSettingsFromProcess();
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: settings.TEST_LOG_LEVEL,
    HOST: '127.0.0.1',
    DATABASE_URL: settings.TEST_DATABASE_URL,
    REDIS_URL: settings.TEST_REDIS_URL,
    NATS_URL: settings.TEST_NATS_URL,
    // Each test stack has streams of its own, so stacks never consume each other's events.
    EVENTS_NAMESPACE: `test_${randomUUID().slice(0, 8)}`,
    EVENT_RETRY_BASE_MS: '50',
    OUTBOX_POLL_MS: '250',
    RATE_LIMIT_PER_MINUTE: '0',
    // Files the subgraphs write (media's objects, messaging's .eml files) stay out of the repository.
    DATA_DIR: testDataDir(),
    // Set, not made up per process: a second gateway in the test (its own runtime) signs alike.
    SUBGRAPH_SHARED_SECRET: randomBytes(32).toString('hex'),
    ...overrides,
  };
}

/** The platform settings of `testSettingsSource(overrides)`. */
export const testEnv = (overrides: Record<string, string> = {}): Env => loadEnv({ source: testSettingsSource(overrides) });
