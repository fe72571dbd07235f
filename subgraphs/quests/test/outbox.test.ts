/**
 * The quests outbox on real Postgres and NATS: a committed transaction's events are written in one
 * statement and go out at once, without waiting for the relay's poll, and only once when the poll
 * reads them too; a rolled-back transaction announces nothing; an event the bus refused, or one
 * committed while the relay was finishing a drain, goes out soon, not at the next poll; once the
 * relay has stopped, it reads and sends nothing more (its database client closes next).
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { openSubgraphDatabase } from '#platform/db/database.ts';
import { interceptQueries } from '#platform/db/intercept.ts';
import type { EventBus } from '#platform/events/bus.ts';
import { createEnvelope } from '#platform/events/envelope.ts';
import { OutboxRelay, stageEvent, type OutboxStore } from '#platform/events/outbox.ts';
import { subgraphEvents } from '#platform/events/subgraph-events.ts';
import { ServiceMetrics } from '#platform/metrics.ts';
import { createRuntime, type Runtime } from '#platform/runtime.ts';
import { deleteStreams } from '#platform/testing/nats.ts';
import { eventually } from '#platform/testing/helpers.ts';
import { testEnv } from '#platform/testing/test-env.ts';
import type { QuestsDb } from '../src/db.ts';
import { PrismaClient } from '../src/generated/prisma/client.ts';
import questsEvents from '../src/events/catalog.ts';

let runtime: Runtime;
let db: QuestsDb;
let events: ReturnType<typeof subgraphEvents>;
const published = new Set<string>();
/** Every SQL statement the test's Prisma client sends. */
const statements: string[] = [];

const startedPayload = () => ({
  progressId: randomUUID(),
  userId: randomUUID(),
  questId: randomUUID(),
  questSlug: 'outbox_probe',
});

beforeAll(async () => {
  // The poll is ten minutes away: whatever reaches the bus during the test took the fast path.
  runtime = createRuntime(testEnv({ OUTBOX_POLL_MS: '600000' }));
  const database = await openSubgraphDatabase(runtime, 'quests', {
    migrationsDir: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
    migrate: true,
  });
  runtime.onClose(() => database.sql.close(), 'quests sql');
  db = new PrismaClient({
    adapter: interceptQueries(database.adapter, (query) => {
      statements.push(query.sql);
      return query;
    }),
  });
  runtime.onClose(() => db.$disconnect(), 'quests prisma');
  // Prisma loads its query compiler on the first query; load it now, not in the relay's first poll
  // that runs in the background (Jest refuses a module import between tests).
  await db.$connect();
  runtime.eventBus().listen((signal) => {
    if (signal.channel === 'event') published.add((signal.data as { id: string }).id);
  });
  // The fast path is about a reachable bus: on a busy machine the first connection can outlast a publish.
  await eventually(async () => (runtime.eventBus().state() === 'connected' ? true : undefined), 15_000, 'the bus connected');
  events = subgraphEvents('quests', runtime, runtime.logger, new ServiceMetrics('quests'), questsEvents);
  events.start(db, []);
});

afterAll(async () => {
  await events?.stop();
  await runtime?.close();
  if (runtime?.env.NATS_URL) await deleteStreams(runtime.env.NATS_URL, runtime.env.EVENTS_NAMESPACE);
});

it('publishes the events of a committed transaction as soon as it commits, and marks them published', async () => {
  const envelope = await events.transaction(db, (tx) => events.stage(tx, 'QUEST_STARTED', startedPayload()));

  await eventually(async () => (published.has(envelope.id) ? true : undefined), 5_000, 'the committed event on the bus');
  const row = await eventually(
    async () => {
      const stored = await db.outboxEvent.findUnique({ where: { id: envelope.id } });
      return stored?.publishedAt ? stored : undefined;
    },
    5_000,
    'the outbox row marked published',
  );
  expect(row).toMatchObject({ name: 'QUEST_STARTED', payload: { questSlug: 'outbox_probe' } });
  expect(published.has(envelope.id)).toBe(true);
});

it('writes the events a transaction stages in one statement, and publishes each of them', async () => {
  const from = statements.length;
  const staged = await events.transaction(db, async (tx) => [
    await events.stage(tx, 'QUEST_STARTED', startedPayload()),
    await events.stage(tx, 'QUEST_STARTED', startedPayload()),
    await events.stage(tx, 'QUEST_STARTED', startedPayload()),
  ]);
  const outboxWrites = statements.slice(from).filter((sql) => /^INSERT INTO "\w+"\."OutboxEvent"/.test(sql));
  expect(outboxWrites).toHaveLength(1);
  for (const envelope of staged) {
    await eventually(async () => (published.has(envelope.id) ? true : undefined), 5_000, 'each staged event on the bus');
  }
  const rows = await db.outboxEvent.findMany({ where: { id: { in: staged.map((envelope) => envelope.id) } } });
  expect(rows).toHaveLength(3);
});

it('announces nothing when the transaction that staged the event rolls back', async () => {
  let staged: string | undefined;
  const failing = events.transaction(db, async (tx) => {
    staged = (await events.stage(tx, 'QUEST_STARTED', startedPayload())).id;
    throw new Error('the change failed after its event was staged');
  });
  await expect(failing).rejects.toThrow('the change failed after its event was staged');
  expect(staged).toBeDefined();

  // A later commit goes out; the rolled-back event, staged before it, never does.
  const later = await events.transaction(db, (tx) => events.stage(tx, 'QUEST_STARTED', startedPayload()));
  await eventually(async () => (published.has(later.id) ? true : undefined), 5_000, 'the later event on the bus');
  expect(published.has(staged!)).toBe(false);
  expect(await db.outboxEvent.findUnique({ where: { id: staged! } })).toBeNull();
});

it('sends an event once when the poll reads its row just as the commit hands it over', async () => {
  const sends: string[] = [];
  const bus = runtime.eventBus();
  const countingBus: EventBus = Object.assign(Object.create(bus) as EventBus, {
    publish: (envelope: Parameters<EventBus['publish']>[0]) => {
      sends.push(envelope.id);
      return bus.publish(envelope);
    },
  });
  const relay = new OutboxRelay(db, countingBus, 'quests', runtime.logger, 600_000);
  const envelope = await db.$transaction((tx) => stageEvent(tx, createEnvelope('QUEST_STARTED', startedPayload(), 'quests')));

  relay.kick(); // the poll starts reading the outbox, where the row already is...
  relay.publishCommitted([envelope]); // ...while the commit hands the same event over
  await relay.stop();

  expect(sends.filter((id) => id === envelope.id)).toEqual([envelope.id]);
  expect((await db.outboxEvent.findUnique({ where: { id: envelope.id } }))?.publishedAt).toBeInstanceOf(Date);
});

it('retries an event the bus refused at the commit soon, without waiting for the poll', async () => {
  const bus = runtime.eventBus();
  let refusals = 2;
  const refusingBus: EventBus = Object.assign(Object.create(bus) as EventBus, {
    publish: (envelope: Parameters<EventBus['publish']>[0]) => {
      if (refusals > 0) {
        refusals -= 1;
        return Promise.reject(new Error('publish timed out'));
      }
      return bus.publish(envelope);
    },
  });
  const relay = new OutboxRelay(db, refusingBus, 'quests', runtime.logger, 600_000);
  relay.start();
  try {
    // Nothing pending before this event, so the first refusals are all its own.
    await eventually(async () => ((await db.outboxEvent.count({ where: { publishedAt: null } })) === 0 ? true : undefined));
    const envelope = await db.$transaction((tx) => stageEvent(tx, createEnvelope('QUEST_STARTED', startedPayload(), 'quests')));
    relay.publishCommitted([envelope]);
    await eventually(async () => (published.has(envelope.id) ? true : undefined), 5_000, 'the refused event on the bus');
    expect(refusals).toBe(0);
  } finally {
    await relay.stop();
  }
});

/**
 * The quests outbox whose cleanup (a drain's last step) waits for `releaseCleanup`; `inCleanup`
 * resolves once a drain reaches it. `onQuery` hears every statement the relay sends.
 */
function heldCleanupStore(onQuery: (name: string) => void = () => undefined) {
  let releaseCleanup!: () => void;
  const cleanupHeld = new Promise<void>((resolve) => (releaseCleanup = resolve));
  let cleanupStarted!: () => void;
  const inCleanup = new Promise<void>((resolve) => (cleanupStarted = resolve));
  const store: OutboxStore = {
    outboxEvent: {
      findMany: (args) => (onQuery('findMany'), db.outboxEvent.findMany(args)),
      updateMany: (args) => (onQuery('updateMany'), db.outboxEvent.updateMany(args)),
      deleteMany: async (args) => {
        onQuery('deleteMany');
        cleanupStarted();
        await cleanupHeld;
        return db.outboxEvent.deleteMany(args);
      },
    },
  };
  return { store, inCleanup, releaseCleanup };
}

it('publishes an event committed while the relay was finishing a drain (its cleanup)', async () => {
  const { store, inCleanup, releaseCleanup } = heldCleanupStore();
  const relay = new OutboxRelay(store, runtime.eventBus(), 'quests', runtime.logger, 600_000);
  relay.start(); // the first drain ends with the outbox cleanup, held here
  try {
    await inCleanup;
    const envelope = await db.$transaction((tx) => stageEvent(tx, createEnvelope('QUEST_STARTED', startedPayload(), 'quests')));
    relay.publishCommitted([envelope]);
    releaseCleanup();
    await eventually(
      async () => (published.has(envelope.id) ? true : undefined),
      3_000,
      'the event committed during the cleanup',
    );
    expect(published.has(envelope.id)).toBe(true);
  } finally {
    releaseCleanup();
    await relay.stop();
  }
});

it('sends what was handed over before it stopped, then nothing: a later commit waits in the outbox for the next start', async () => {
  let stopped = false;
  const readsAfterStop: string[] = [];
  const { store, inCleanup, releaseCleanup } = heldCleanupStore((name) => {
    if (stopped) readsAfterStop.push(name);
  });
  const relay = new OutboxRelay(store, runtime.eventBus(), 'quests', runtime.logger, 600_000);
  relay.start();
  await inCleanup;
  const stage = () => db.$transaction((tx) => stageEvent(tx, createEnvelope('QUEST_STARTED', startedPayload(), 'quests')));
  const handedOver = await stage();
  relay.publishCommitted([handedOver]); // the drain under way will start another for it
  const stopping = relay.stop();
  releaseCleanup();
  await stopping;
  stopped = true;
  await eventually(async () => (published.has(handedOver.id) ? true : undefined), 3_000, 'the event handed over before the stop');

  const late = await stage();
  relay.publishCommitted([late]);
  relay.kick();
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(readsAfterStop).toEqual([]);
  expect(published.has(late.id)).toBe(false);
  expect((await db.outboxEvent.findUnique({ where: { id: late.id } }))?.publishedAt).toBeNull();
});
