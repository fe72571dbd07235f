/**
 * Settings of the test process. Tests run against the machine's real Postgres, Redis and NATS,
 * on databases of their own (`doctorpy_test_<subgraph>`), Redis database 15 and JetStream streams
 * of their own (a namespace per test stack, deleted on close), so a developer's `npm start` data
 * is never touched. TEST_* variables point them elsewhere.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { loadEnv, type Env, type SettingsSource } from '../env.ts';

const testSettings = z.object({
  TEST_DATABASE_URL: z.string().default('postgresql://postgres@127.0.0.1:5432/doctorpy_test'),
  TEST_REDIS_URL: z.string().default('redis://127.0.0.1:6379/15'),
  TEST_NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  TEST_LOG_LEVEL: z.string().default('silent'),
});

export const testSettingsFromProcess = () => testSettings.parse(process.env);

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
    // Set, not made up per process: a second gateway in the test (its own runtime) signs alike.
    SUBGRAPH_SHARED_SECRET: randomBytes(32).toString('hex'),
    ...overrides,
  };
}

/** The platform settings of `testSettingsSource(overrides)`. */
export const testEnv = (overrides: Record<string, string> = {}): Env => loadEnv({ source: testSettingsSource(overrides) });
