/**
 * `npm run bench:events`: the event pipeline under measurement, on the machine's Postgres, Redis
 * and NATS JetStream (BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_NATS_URL).
 *
 * 1. Latency at light load: N learners (registered beforehand), one after the other, each
 *    subscribed to `notificationAdded` and `questCompleted`, complete their first quest on an
 *    otherwise idle platform. Measured from the
 *    completing `submitAnswer` request to (a) the questCompleted push (quests → gateway) and
 *    (b) the first-quest badge notification push (quests → gamification → notifications →
 *    gateway, three transactions and three JetStream hops).
 * 2. Throughput: W learners complete quests as fast as they can for S seconds; events/s is the
 *    number of events published divided by the time until every consumer has acked them all.
 */
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as natsConnect } from '@nats-io/transport-node';
import { z } from 'zod';
import { readCatalog } from '#platform/catalog.ts';
import { graphqlData } from '#platform/graphql/client.ts';
import { connect, subscribe } from '#platform/testing/subscriptions.ts';
import { startBenchPlatform, waitFor } from './load.ts';
import { benchSettings } from './settings.ts';

const settings = z
  .object({
    BENCH_COMPLETIONS: z.coerce.number().int().positive().default(50),
    BENCH_WORKERS: z.coerce.number().int().positive().default(8),
    BENCH_SECONDS: z.coerce.number().positive().default(10),
  })
  .parse(process.env);

const OFFSET = 7_000;
const url = `http://localhost:${4_000 + OFFSET}/graphql`;
const namespace = `bench_${randomUUID().slice(0, 8)}`;
const admin = { email: `bench-admin-${randomUUID().slice(0, 6)}@example.com`, password: 'Bench-admin-password-1' };

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const summary = (name: string, values: number[]) =>
  `${name.padEnd(44)} p50 ${percentile(values, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(values, 99).toFixed(1).padStart(6)} ms   max ${Math.max(
    ...values,
  )
    .toFixed(1)
    .padStart(6)} ms`;

async function register(role: 'STUDENT' | 'INSTRUCTOR') {
  const email = `bench-${randomUUID()}@example.com`;
  const { register: payload } = await graphqlData<{ register: { accessToken: string } }>(
    url,
    'mutation R($input: RegisterInput!) { register(input: $input) { accessToken } }',
    { input: { email, password: 'Bench-password-2026', displayName: 'Bench Learner', role } },
  );
  return payload.accessToken;
}

async function registerLearner(): Promise<{ token: string; userId: string }> {
  const token = await register('STUDENT');
  const { me } = await graphqlData<{ me: { id: string } }>(url, '{ me { id } }', {}, { token });
  return { token, userId: me.id };
}

async function createQuest(token: string): Promise<{ id: string; stepId: string }> {
  const { createQuest: quest } = await graphqlData<{ createQuest: { id: string; steps: Array<{ id: string }> } }>(
    url,
    'mutation Q($input: CreateQuestInput!) { createQuest(input: $input) { id steps { id } } }',
    {
      input: {
        slug: `bench_${randomUUID().slice(0, 8)}`,
        title: 'Bench quest',
        description: 'One question.',
        category: 'python_basics',
        difficulty: 'BEGINNER',
        xpReward: 50,
        steps: [
          {
            prompt: 'Which keyword defines a function?',
            kind: 'MULTIPLE_CHOICE',
            choices: ['func', 'def'],
            acceptedAnswers: ['B'],
          },
        ],
      },
    },
    { token },
  );
  return { id: quest.id, stepId: quest.steps[0]!.id };
}

const answered: number[] = [];

/** Starts the quest, then (after `settleMs`, letting the platform go idle) answers its last step. */
async function complete(token: string, quest: { id: string; stepId: string }, settleMs = 0): Promise<number> {
  const { startQuest } = await graphqlData<{ startQuest: { id: string } }>(
    url,
    'mutation S($id: ID!) { startQuest(questId: $id) { id } }',
    { id: quest.id },
    { token },
  );
  if (settleMs) await new Promise((resolve) => setTimeout(resolve, settleMs));
  const sent = performance.now();
  await graphqlData(
    url,
    'mutation A($p: ID!, $s: ID!) { submitAnswer(progressId: $p, stepId: $s, answer: "B") { correct } }',
    { p: startQuest.id, s: quest.stepId },
    { token },
  );
  answered.push(performance.now() - sent);
  return sent;
}

const platform = await startBenchPlatform(OFFSET, {
  NATS_URL: benchSettings.BENCH_NATS_URL,
  EVENTS_NAMESPACE: namespace,
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
});
const nc = await natsConnect({ servers: benchSettings.BENCH_NATS_URL });
try {
  await waitFor(
    async () =>
      (await graphqlData<{ platformStats: unknown }>(url, '{ platformStats { learners } }')).platformStats !== undefined,
    90_000,
    'platform start',
  );
  const quest = await createQuest(await register('INSTRUCTOR'));

  // 1. Latency, one completion at a time; the bus is watched too, to break the path into hops.
  const toCompletion: number[] = [];
  const toNotification: number[] = [];
  const hops: Record<string, number[]> = { QUEST_COMPLETED: [], ACHIEVEMENT_UNLOCKED: [], NOTIFICATION_CREATED: [] };
  const seenOnBus = new Map<string, number>();
  const watch = nc.subscribe(`${namespace}.events.>`);
  void (async () => {
    for await (const message of watch) {
      const { name, payload } = message.json<{ name: string; payload: { userId: string } }>();
      if (!seenOnBus.has(`${name}:${payload.userId}`)) seenOnBus.set(`${name}:${payload.userId}`, performance.now());
    }
  })();
  // Learners are registered first: their sign-up events are handled before the measures start.
  const learners = [];
  for (let index = 0; index < settings.BENCH_COMPLETIONS; index += 1) learners.push(await registerLearner());
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  for (const { token, userId } of learners) {
    const socket = connect(url, token);
    const completions = subscribe(socket, 'subscription { questCompleted { score } }');
    const notifications = subscribe<{ notificationAdded: { kind: string } }>(
      socket,
      'subscription { notificationAdded { kind badge { slug } } }',
    );
    // One completion at a time on an otherwise idle platform: light load.
    const sent = await complete(token, quest, 300);
    await completions.next(10_000);
    toCompletion.push(performance.now() - sent);
    while ((await notifications.next(10_000)).data?.notificationAdded.kind !== 'BADGE_UNLOCKED');
    toNotification.push(performance.now() - sent);
    for (const [name, values] of Object.entries(hops)) {
      const at = seenOnBus.get(`${name}:${userId}`);
      if (at) values.push(at - sent);
    }
    await socket.dispose();
  }
  watch.unsubscribe();

  // The consumers' own figures for the latency phase (Prometheus histograms of each subgraph).
  const consumerFigures: string[] = [];
  for (const entry of readCatalog()) {
    const metrics = await (await fetch(`http://localhost:${entry.port + OFFSET}/metrics`)).text();
    for (const [, consumer, sum, count] of metrics.matchAll(
      /event_handling_seconds_sum\{[^}]*consumer="([^"]+)"[^}]*\} ([\d.e-]+)\n[\s\S]*?event_handling_seconds_count\{[^}]*consumer="\1"[^}]*\} (\d+)/g,
    )) {
      const lag = new RegExp(`event_delivery_lag_seconds_sum\\{[^}]*consumer="${consumer}"[^}]*\\} ([\\d.e-]+)`).exec(
        metrics,
      )?.[1];
      consumerFigures.push(
        `    ${consumer!.padEnd(24)} ${count} events: mean lag ${((Number(lag) / Number(count)) * 1000).toFixed(1)} ms, mean handling ${((Number(sum) / Number(count)) * 1000).toFixed(1)} ms`,
      );
    }
  }

  // 2. Sustained throughput through outbox → JetStream → consumers.
  const jsm = await jetstreamManager(nc);
  const stream = `${namespace.toUpperCase()}_EVENTS`;
  const before = (await jsm.streams.info(stream)).state.messages;
  const workers = await Promise.all(Array.from({ length: settings.BENCH_WORKERS }, () => register('STUDENT')));
  const started = performance.now();
  const deadline = started + settings.BENCH_SECONDS * 1000;
  let completions = 0;
  await Promise.all(
    workers.map(async (token) => {
      while (performance.now() < deadline) {
        await complete(token, quest);
        completions += 1;
      }
    }),
  );
  const loadEnded = performance.now();
  const consumers = ['gamification-progress', 'analytics-store', 'notifications-inbox', 'gamification-profiles'];
  await waitFor(
    async () => {
      for (const consumer of consumers) {
        const info = await jsm.consumers.info(stream, consumer).catch(() => undefined);
        if (info && (info.num_pending > 0 || info.num_ack_pending > 0)) return false;
      }
      return true;
    },
    120_000,
    'consumers caught up',
  );
  const caughtUp = performance.now();
  const events = (await jsm.streams.info(stream)).state.messages - before;

  console.log(
    `\nbench:events  ${settings.BENCH_COMPLETIONS} sequential first completions; then ${settings.BENCH_WORKERS} learners for ` +
      `${settings.BENCH_SECONDS} s; topology ${benchSettings.BENCH_TOPOLOGY}\n`,
  );
  console.log(summary('mutation → questCompleted on the subscriber', toCompletion));
  console.log(summary('mutation → badge notification on the subscriber', toNotification));
  console.log('  consumers during that phase (lag = from staging to delivery):');
  for (const line of consumerFigures) console.log(line);
  console.log('  the same path, hop by hop (from the mutation):');
  console.log(summary('    submitAnswer answered', answered.slice(0, settings.BENCH_COMPLETIONS)));
  for (const [name, values] of Object.entries(hops)) if (values.length) console.log(summary(`    ${name} on the bus`, values));
  console.log(
    `\nthroughput: ${completions} completions in ${((loadEnded - started) / 1000).toFixed(1)} s published ${events} events; ` +
      `every consumer caught up ${((caughtUp - loadEnded) / 1000).toFixed(1)} s after the load stopped: ` +
      `${(events / ((caughtUp - started) / 1000)).toFixed(0)} events/s sustained end to end (${consumers.length} consumers each)`,
  );
} finally {
  await nc.close();
  await platform.stop();
  // The bench's streams go with it.
  const cleanup = await natsConnect({ servers: benchSettings.BENCH_NATS_URL });
  const jsm = await jetstreamManager(cleanup);
  for (const suffix of ['EVENTS', 'DEAD_LETTERS'])
    await jsm.streams.delete(`${namespace.toUpperCase()}_${suffix}`).catch(() => undefined);
  await cleanup.close();
}
