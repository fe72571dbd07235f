/**
 * Runs once before the test suite: starts every test run from empty test databases (so migrations
 * are exercised from scratch) and empty Redis test databases, those of every Jest worker.
 */
import { Redis } from 'ioredis';
import { readCatalog } from '../catalog.ts';
import { dropSubgraphDatabases } from '../db/postgres-server.ts';
import { testSettingsFromProcess, workerServices } from './test-env.ts';

export default async function setup(globalConfig: { maxWorkers: number }): Promise<void> {
  const base = testSettingsFromProcess();
  const subgraphs = readCatalog().map(({ name }) => name);
  for (let worker = 1; worker <= Math.max(1, globalConfig.maxWorkers); worker++) {
    const settings = workerServices(base, worker);
    await dropSubgraphDatabases(settings.TEST_DATABASE_URL, subgraphs);
    const redis = new Redis(settings.TEST_REDIS_URL);
    await redis.flushdb();
    await redis.quit();
  }
}
