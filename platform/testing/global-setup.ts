/**
 * Runs once before the test suite: starts every test run from empty test databases (so migrations
 * are exercised from scratch) and an empty Redis test database.
 */
import { Redis } from 'ioredis';
import { readCatalog } from '../catalog.ts';
import { dropSubgraphDatabases } from '../db/postgres-server.ts';
import { testSettingsFromProcess } from './test-env.ts';

export default async function setup(): Promise<void> {
  const settings = testSettingsFromProcess();
  await dropSubgraphDatabases(
    settings.TEST_DATABASE_URL,
    readCatalog().map(({ name }) => name),
  );
  const redis = new Redis(settings.TEST_REDIS_URL);
  await redis.flushdb();
  await redis.quit();
}
