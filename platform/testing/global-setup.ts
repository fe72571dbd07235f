/**
 * Runs once before the test suite: starts every test run from empty test databases (so migrations
 * are exercised from scratch) and an empty Redis test database.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { readCatalog } from '../catalog.ts';
import { subgraphDatabaseName } from '../db/postgres-server.ts';
import { testSettingsFromProcess } from './test-env.ts';

export default async function setup(): Promise<void> {
  const settings = testSettingsFromProcess();
  const maintenance = new URL(settings.TEST_DATABASE_URL);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    for (const { name } of readCatalog()) {
      await client.query(`DROP DATABASE IF EXISTS "${subgraphDatabaseName(settings.TEST_DATABASE_URL, name)}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
  const redis = new Redis(settings.TEST_REDIS_URL);
  await redis.flushdb();
  await redis.quit();
}
