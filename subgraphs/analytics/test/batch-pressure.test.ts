/**
 * The analytics-store batch under a slow database: batches shrink so that no batch transaction
 * comes near its time limit (a fixed batch of 200 would run past it and be rolled back), and every
 * event is still stored once. The consumer is the real one, on its own in-process bus, with each
 * event made to cost 25 ms of statement time in its transaction (pg_sleep).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openSubgraphDatabase } from '#platform/db/database.ts';
import { TRANSACTION_LIMITS } from '#platform/db/transactions.ts';
import { startConsumer, type EventConsumer } from '#platform/events/consumer.ts';
import { createEnvelope, type AnyEvent } from '#platform/events/envelope.ts';
import { MemoryBus } from '#platform/events/memory-bus.ts';
import { eventually, startTestStack, type TestStack } from '#gateway/testing/stack.ts';
import type { AnalyticsDb, AnalyticsTx } from '../src/db.ts';
import { PrismaClient } from '../src/generated/prisma/client.ts';
import { storeConsumer } from '../src/events/store.ts';
import type { AnalyticsServices } from '../src/services/index.ts';

const SECONDS_PER_EVENT = 0.025;

let platform: TestStack;
let db: AnalyticsDb;
let closeDatabase: () => Promise<void>;
const bus = new MemoryBus();

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['analytics'] });
  const database = await openSubgraphDatabase(platform.runtime, 'analytics', {
    migrationsDir: join(import.meta.dirname, '..', 'prisma', 'migrations'),
    migrate: false,
  });
  db = new PrismaClient({ adapter: database.adapter });
  closeDatabase = async () => {
    await db.$disconnect();
    await database.sql.close();
  };
});
afterAll(async () => {
  await bus.close();
  await closeDatabase?.();
  await platform?.close();
});

it('shrinks its batches under pressure: no transaction near its limit, every event stored once', async () => {
  const store = storeConsumer(platform.stack.subgraphs.get('analytics')!.services as AnalyticsServices);
  const handled: Array<{ events: number; ms: number }> = [];
  const slowly = async (events: AnyEvent[], tx: AnalyticsTx, write: () => Promise<void>) => {
    const started = performance.now();
    await tx.$executeRaw`SELECT pg_sleep(${events.length * SECONDS_PER_EVENT})`;
    await write();
    handled.push({ events: events.length, ms: performance.now() - started });
  };
  const consumer: EventConsumer<AnalyticsTx> = {
    ...store,
    name: `analytics-store-pressure-${randomUUID().slice(0, 8)}`,
    handle: (event, tools) => slowly([event], tools.tx, () => store.handle(event, tools)),
    batch: { ...store.batch!, handle: (events, tools) => slowly(events, tools.tx, () => store.batch!.handle(events, tools)) },
  };
  const subscription = startConsumer(consumer, db, {
    bus,
    logger: platform.runtime.logger,
    maxAttempts: 5,
    retryBaseMs: 50,
    interceptors: [],
    publishCommitted: () => undefined,
    observe: () => undefined,
  });

  const publish = async (count: number) => {
    const events = Array.from({ length: count }, () =>
      createEnvelope('USER_REGISTERED', { userId: randomUUID(), displayName: 'Load', role: 'STUDENT' }, 'accounts'),
    );
    for (const event of events) await bus.publish(event);
    return events.map((event) => event.id);
  };
  const processed = () => db.processedEvent.count({ where: { consumer: consumer.name } });
  try {
    const ids = await publish(20);
    await eventually(async () => ((await processed()) === 20 ? true : undefined), 20_000, 'first wave handled');
    const wave = handled.length;
    ids.push(...(await publish(300)));
    await eventually(async () => ((await processed()) === 320 ? true : undefined), 60_000, 'second wave handled');

    // Each event went through one committed transaction: no batch was rolled back and redone.
    expect(handled.reduce((sum, batch) => sum + batch.events, 0)).toBe(320);
    // The first wave warmed up (connections, query plans) and measured the cost of an event.
    const underPressure = handled.slice(wave);
    expect(Math.max(...underPressure.map((batch) => batch.ms))).toBeLessThan(TRANSACTION_LIMITS.timeout / 2);
    expect(Math.max(...underPressure.map((batch) => batch.events))).toBeLessThan(store.batch!.max / 2);
    expect(await db.analyticsEvent.count({ where: { id: { in: ids } } })).toBe(320);
  } finally {
    await subscription.stop();
  }
}, 90_000);
