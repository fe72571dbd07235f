/**
 * `npm run test:replicas`: the full stack as separate processes on the machine's Postgres, Redis
 * and NATS, with TWO gateways behind a round-robin proxy and TWO replicas each of quests,
 * gamification and notifications (behind proxies too), every other subgraph once. It shows:
 * (a) a subscription on gateway A receives what a mutation through gateway B caused (the gateways'
 *     fan-out is the bus, not the process);
 * (b) 200 quest completions give exactly 200 XP ledger entries and one notification per badge,
 *     though two replicas share each durable consumer;
 * (c) one replica each of quests, gamification and notifications SIGKILLed mid-load loses and
 *     doubles nothing (their unacked events come back to the survivors after the ack wait);
 * (d) the gateway holding a subscriber's socket SIGKILLed: the client reconnects through the proxy
 *     to the other gateway and keeps receiving.
 * Counts are read in the subgraphs' own databases, the source of truth.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import pg from 'pg';
import { WebSocket } from 'ws';
import { adminEnv, LOGIN, testAdmin } from '#gateway/testing/operations.ts';
import { readCatalog } from '#platform/catalog.ts';
import { dropSubgraphDatabases, subgraphDatabaseUrl } from '#platform/db/postgres-server.ts';
import { eventually } from '#platform/testing/helpers.ts';
import { deleteStreams } from '#platform/testing/nats.ts';
import { subscribe, type TestSubscription } from '#platform/testing/subscriptions.ts';
import { testSettingsFromProcess, testSettingsSource } from '#platform/testing/test-env.ts';
import { inParallel, LearnerClient } from './client.ts';
import { GATEWAY, startReplicatedStack, type ReplicatedStack } from './stack.ts';

const LEARNERS = 50;
const QUESTS_B = 4;
const QUESTS_C = 2;
const XP_B = 20;
const XP_C = 5;
const REPLICATED = ['quests', 'gamification', 'notifications'] as const;

const services = testSettingsFromProcess();
const admin = testAdmin();
const settings = testSettingsSource({
  ...adminEnv(admin),
  LOG_LEVEL: 'warn',
  SEED_DEMO_CONTENT: 'false',
  // Twenty-two processes share the machine's Postgres (100 connections) with other runs.
  DATABASE_POOL_SIZE: '3',
});
const offset = 20_000 + Math.floor(Math.random() * 8_000);

let stack: ReplicatedStack;
let client: LearnerClient;
let adminToken: string;
let instructorToken: string;
const learners: Array<{ id: string; token: string }> = [];
const sockets: Client[] = [];
const started = performance.now();

const gatewayUrl = (port: number) => `http://127.0.0.1:${port}/graphql`;

function connectSocket(url: string, token: string, reconnect = false): Client {
  const socket = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    onNonLazyError: () => undefined,
    // A real client's habit: reconnect (and subscribe again) when the socket drops.
    retryAttempts: reconnect ? 10 : 0,
    retryWait: async () => new Promise((resolve) => setTimeout(resolve, 200)),
    shouldRetry: () => reconnect,
  });
  sockets.push(socket);
  return socket;
}

async function query<Row extends pg.QueryResultRow>(subgraph: string, sql: string, values: unknown[] = []): Promise<Row[]> {
  const db = new pg.Client({ connectionString: subgraphDatabaseUrl(services.TEST_DATABASE_URL, subgraph) });
  await db.connect();
  try {
    return (await db.query<Row>(sql, values)).rows;
  } finally {
    await db.end();
  }
}

/** What the databases hold for our learners: completions, XP ledger, badge awards and notifications. */
async function ledgerFigures() {
  const ids = learners.map((learner) => learner.id);
  const [completed] = await query<{ count: string }>(
    'quests',
    `SELECT count(*) FROM "QuestProgress" WHERE status = 'COMPLETED' AND "userId" = ANY($1)`,
    [ids],
  );
  const [ledger] = await query<{ count: string; total: string | null }>(
    'gamification',
    `SELECT count(*), sum(amount) AS total FROM "XpLedgerEntry" WHERE reason = 'QUEST_COMPLETED' AND "userId" = ANY($1)`,
    [ids],
  );
  const [stats] = await query<{ total: string | null }>(
    'gamification',
    `SELECT sum("totalXp") AS total FROM "LearnerStats" WHERE "userId" = ANY($1)`,
    [ids],
  );
  const awards = await query<{ userId: string; badgeId: string }>(
    'gamification',
    `SELECT "userId", "badgeId" FROM "BadgeAward" WHERE "userId" = ANY($1) ORDER BY 1, 2`,
    [ids],
  );
  const notifications = await query<{ userId: string; badgeId: string | null; kind: string }>(
    'notifications',
    `SELECT "userId", "badgeId", kind FROM "Notification" WHERE "userId" = ANY($1) ORDER BY 1, 2`,
    [ids],
  );
  return {
    completed: Number(completed!.count),
    ledgerRows: Number(ledger!.count),
    ledgerXp: Number(ledger!.total ?? 0),
    statsXp: Number(stats!.total ?? 0),
    awards: awards.map((row) => `${row.userId}/${row.badgeId}`),
    badgeNotifications: notifications.filter((row) => row.kind === 'BADGE_UNLOCKED').map((row) => `${row.userId}/${row.badgeId}`),
    otherNotifications: notifications.filter((row) => row.kind !== 'BADGE_UNLOCKED').length,
  };
}

/** Waits until every completion is in the ledger and every badge notified; fails on any double. */
async function expectSettled(completions: number, xp: number): Promise<void> {
  await eventually(
    async () => {
      const figures = await ledgerFigures();
      // Never more than once, at any moment.
      expect(figures.completed).toBeLessThanOrEqual(completions);
      expect(figures.ledgerRows).toBeLessThanOrEqual(completions);
      expect(figures.badgeNotifications.length).toBeLessThanOrEqual(figures.awards.length);
      if (figures.ledgerRows < completions || figures.badgeNotifications.length < figures.awards.length) return undefined;
      expect(figures.completed).toBe(completions);
      expect(figures.ledgerXp).toBe(xp);
      expect(figures.statsXp).toBe(xp);
      expect(figures.badgeNotifications).toEqual(figures.awards);
      expect(figures.otherNotifications).toBe(0);
      return figures;
    },
    // A killed consumer's unacked events come back after the ack wait (30 s).
    120_000,
    `${completions} completions settled`,
  );
}

beforeAll(async () => {
  await dropSubgraphDatabases(
    services.TEST_DATABASE_URL,
    readCatalog().map(({ name }) => name),
  );
  const redis = new Redis(services.TEST_REDIS_URL);
  await redis.flushdb();
  await redis.quit();
  stack = await startReplicatedStack({
    offset,
    replicas: { [GATEWAY]: 2, ...Object.fromEntries(REPLICATED.map((name) => [name, 2])) },
    env: settings,
    logDir: join(tmpdir(), `doctorpy-replicas-${offset}`),
    // About 50 s on the quiet machine; several minutes when other runs load it (load average 20+).
    readyTimeoutMs: 540_000,
  });
  client = new LearnerClient(stack.url);
  adminToken = (await client.request<{ login: { accessToken: string } }>(LOGIN, { input: admin })).login.accessToken;
  instructorToken = (await client.register('INSTRUCTOR')).token;
  await inParallel(
    Array.from({ length: LEARNERS }, (_, index) => index),
    4,
    async () => void learners.push(await client.register('STUDENT')),
  );
}, 720_000);

afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.dispose()));
  await stack?.stop();
  await deleteStreams(services.TEST_NATS_URL, settings.EVENTS_NAMESPACE!);
  console.log(`test:replicas wall time ${((performance.now() - started) / 1000).toFixed(1)} s (start-up included)`);
});

let everyone: TestSubscription<{ questCompleted: { progressId: string; user: { id: string } } }>;

it('(a) a subscription on gateway A receives a completion made through gateway B', async () => {
  const [gatewayA, gatewayB] = stack.replicasOf(GATEWAY);
  everyone = subscribe(
    connectSocket(gatewayUrl(gatewayA!.port), adminToken),
    'subscription { questCompleted { progressId user { id } } }',
  );
  // Listening once gateway A counts it among its active subscriptions.
  await eventually(async () => ((await activeSubscriptions(gatewayA!.port)) >= 1 ? true : undefined), 20_000, 'subscribed on A');
  const quest = await client.createQuest(instructorToken, XP_B);
  const learner = learners[0]!;
  await new LearnerClient(gatewayUrl(gatewayB!.port)).complete(learner.token, quest);
  const pushed = await everyone.next(30_000);
  expect(pushed.errors).toBeUndefined();
  expect(pushed.data?.questCompleted.user.id).toBe(learner.id);
  questsB.push(quest);
}, 120_000);

const questsB: Array<{ id: string; stepId: string }> = [];

it('(b) 200 completions across replicas: 200 XP awards and one notification per badge, exactly', async () => {
  while (questsB.length < QUESTS_B) questsB.push(await client.createQuest(instructorToken, XP_B));
  const journeys = learners.flatMap((learner, index) =>
    questsB.filter((_, questIndex) => index > 0 || questIndex > 0).map((quest) => ({ learner, quest })),
  );
  await inParallel(journeys, 8, ({ learner, quest }) => client.complete(learner.token, quest));
  const completions = LEARNERS * QUESTS_B;
  expect(completions).toBe(200);
  await expectSettled(completions, completions * XP_B);
  // Both replicas of each consuming subgraph took part (JetStream spreads a durable's messages over its pullers).
  for (const name of ['gamification', 'notifications']) {
    const handled = await Promise.all(stack.replicasOf(name).map((replica) => handledEvents(replica.port)));
    expect(handled.every((count) => count > 0)).toBe(true);
  }
  // Gateway A's subscriber saw every completion, whichever gateway and quests replica made it.
  await eventually(
    async () =>
      new Set(everyone.results.map((result) => result.data?.questCompleted.progressId)).size === completions ? true : undefined,
    30_000,
    'every completion pushed to gateway A',
  );
}, 300_000);

/** Subscriptions a gateway process serves (its gauge in /metrics). */
async function activeSubscriptions(port: number): Promise<number> {
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(/^graphql_subscriptions_active(?:\{[^}]*\})? ([\d.e+]+)$/m.exec(metrics)?.[1] ?? 0);
}

/** Events a subgraph process has handled (its consumers' counter in /metrics). */
async function handledEvents(port: number): Promise<number> {
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let total = 0;
  for (const [, value] of metrics.matchAll(/^event_handling_seconds_count\{[^}]*\} ([\d.e+]+)$/gm)) total += Number(value);
  return total;
}

it('(c) one replica each of quests, gamification and notifications SIGKILLed mid-load: nothing lost, nothing doubled', async () => {
  const quests = [await client.createQuest(instructorToken, XP_C), await client.createQuest(instructorToken, XP_C)];
  expect(quests.length).toBe(QUESTS_C);
  const journeys = learners.flatMap((learner) => quests.map((quest) => ({ learner, quest })));
  let done = 0;
  let killing: Promise<void> | undefined;
  const retriedBefore = client.retried;
  await inParallel(journeys, 8, async ({ learner, quest }) => {
    await client.complete(learner.token, quest);
    done += 1;
    // Mid-load: a third done, requests and events in flight on every replica.
    if (done === Math.floor(journeys.length / 3))
      killing = Promise.all(REPLICATED.map((name) => stack.kill(stack.replicasOf(name)[0]!))).then(() => undefined);
  });
  await killing;
  for (const name of REPLICATED) expect(stack.replicasOf(name)[0]!.child.signalCode).toBe('SIGKILL');
  const completions = LEARNERS * (QUESTS_B + QUESTS_C);
  await expectSettled(completions, LEARNERS * (QUESTS_B * XP_B + QUESTS_C * XP_C));
  console.log(`(c) requests retried by clients after the kills: ${client.retried - retriedBefore}`);
}, 300_000);

it('(d) the gateway holding a subscription is killed: the client reconnects through the proxy and keeps receiving', async () => {
  const learner = learners[1]!;
  const active = () =>
    Promise.all(
      stack
        .replicasOf(GATEWAY)
        .map((gateway) =>
          gateway.child.exitCode !== null || gateway.child.signalCode !== null ? 0 : activeSubscriptions(gateway.port),
        ),
    );
  const before = await active();
  const mine = subscribe<{ questCompleted: { progressId: string } }>(
    connectSocket(stack.url, learner.token, true),
    'subscription { questCompleted { progressId } }',
  );
  // Which gateway the proxy gave the socket to: the one whose active subscriptions went up.
  const holder = await eventually(async () => {
    const now = await active();
    const index = now.findIndex((count, gateway) => count > before[gateway]!);
    return index >= 0 ? index : undefined;
  }, 20_000);
  const first = await client.createQuest(instructorToken, XP_C);
  await client.complete(learner.token, first);
  expect((await mine.next(30_000)).data?.questCompleted.progressId).toBeTruthy();

  await stack.kill(stack.replicasOf(GATEWAY)[holder]!);
  const survivor = 1 - holder;
  // Reconnected and subscribed again on the other gateway.
  await eventually(async () => ((await active())[survivor]! > before[survivor]! ? true : undefined), 30_000, 'resubscribed');
  const second = await client.createQuest(instructorToken, XP_C);
  await client.complete(learner.token, second);
  const after = await mine.next(30_000);
  expect(after.errors).toBeUndefined();
  expect(after.data?.questCompleted.progressId).toBeTruthy();
  expect(after.data?.questCompleted.progressId).not.toBe(mine.results[0]!.data?.questCompleted.progressId);
}, 180_000);
