/**
 * `npm run bench:events`: the event pipeline under measurement, on the machine's Postgres, Redis
 * and NATS JetStream (BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_NATS_URL).
 *
 * 1. Throughput: W learners complete quests as fast as they can for S seconds; events/s is the
 *    number of events published divided by the time until every consumer has acked them all.
 *    This phase also warms the platform up (JIT, query plans, pools) before the latencies.
 * 2. Latency at light load, in BENCH_ROUNDS rounds: N learners (registered beforehand), one after the other, each
 *    subscribed to `notificationAdded` and `questCompleted`, complete their first quest on an
 *    otherwise idle platform. Measured from the completing `submitAnswer` request to (a) the
 *    questCompleted push (quests → gateway) and (b) the first-quest badge notification push
 *    (quests → gamification → notifications → gateway, three transactions and three JetStream hops).
 *    Each round prints its percentiles and the SQL statements per completion of each subgraph
 *    (with the statements of quests, gamification and notifications by kind); the end says whether
 *    every round met TARGETS.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect as natsConnect } from '@nats-io/transport-node';
import { z } from 'zod';
import { readCatalog } from '#platform/catalog.ts';
import { graphqlData } from '#platform/graphql/client.ts';
import { deleteStreams } from '#platform/testing/nats.ts';
import { connect, subscribe } from '#platform/testing/subscriptions.ts';
import { machineCpuTicks, machineShare, startBenchPlatform, waitFor } from './load.ts';
import { benchSettings } from './settings.ts';

const settings = z
  .object({
    BENCH_COMPLETIONS: z.coerce.number().int().positive().default(200),
    BENCH_WORKERS: z.coerce.number().int().positive().default(8),
    BENCH_SECONDS: z.coerce.number().positive().default(10),
    /** Latency rounds, one after the other (each with BENCH_COMPLETIONS new learners): the targets hold in every one. */
    BENCH_ROUNDS: z.coerce.number().int().positive().default(5),
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
  `${name.padEnd(48)} ${[50, 90, 99]
    .map((p) => `p${p} ${percentile(values, p).toFixed(1).padStart(6)}`)
    .join('  ')}  max ${Math.max(...values)
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

/** What the event path must do in every round. */
const TARGETS = { questCompletedP99Ms: 50, badgeNotificationP99Ms: 100, statementsPerCompletion: 8 };
const COUNTED = ['quests', 'gamification', 'notifications'];

const CONSUMERS = ['gamification-progress', 'analytics-store', 'notifications-inbox', 'gamification-profiles'];

interface ConsumerFigures {
  count: number;
  lagSeconds: number;
  handlingSeconds: number;
}

/** A consumer's value of a metric in a Prometheus text page. */
const valueOf = (metrics: string, metric: string, consumer: string) =>
  Number(new RegExp(`^${metric}\\{[^}]*consumer="${consumer}"[^}]*\\} ([\\d.e+-]+)$`, 'm').exec(metrics)?.[1] ?? 0);

/** Each subgraph's counters so far: SQL statements sent, and per consumer its lag and handling sums. */
async function platformFigures() {
  const statements = new Map<string, number>();
  const kinds = new Map<string, Map<string, number>>();
  const consumers = new Map<string, ConsumerFigures>();
  const processPages: string[] = [];
  for (const entry of readCatalog()) {
    const metrics = await (await fetch(`http://localhost:${entry.port + OFFSET}/metrics`)).text();
    processPages.push(metrics);
    statements.set(entry.name, Number(/^db_statements_total(?:\{[^}]*\})? ([\d.e+]+)$/m.exec(metrics)?.[1] ?? 0));
    kinds.set(
      entry.name,
      new Map(
        [...metrics.matchAll(/^db_statement_kinds_total\{[^}]*statement="([^"]*)"[^}]*\} ([\d.e+]+)$/gm)].map(
          ([, kind, value]) => [kind!, Number(value)] as const,
        ),
      ),
    );
    for (const [, consumer] of metrics.matchAll(/^event_handling_seconds_count\{[^}]*consumer="([^"]+)"/gm)) {
      consumers.set(consumer!, {
        count: valueOf(metrics, 'event_handling_seconds_count', consumer!),
        lagSeconds: valueOf(metrics, 'event_delivery_lag_seconds_sum', consumer!),
        handlingSeconds: valueOf(metrics, 'event_handling_seconds_sum', consumer!),
      });
    }
  }
  // The gateway's push phases: `<field> <phase>` → count and sum of seconds.
  const gatewayMetrics = await (await fetch(url.replace(/graphql$/, 'metrics'))).text();
  const pushes = new Map<string, { count: number; seconds: number }>();
  const sample = /^graphql_subscription_delivery_seconds_(sum|count)\{([^}]*)\} ([\d.e+-]+)$/gm;
  for (const [, kind, labels, value] of gatewayMetrics.matchAll(sample)) {
    const key = `${/field="([^"]+)"/.exec(labels!)?.[1]} ${/phase="([^"]+)"/.exec(labels!)?.[1]}`;
    const entry = pushes.get(key) ?? { count: 0, seconds: 0 };
    if (kind === 'count') entry.count = Number(value);
    else entry.seconds = Number(value);
    pushes.set(key, entry);
  }
  // The platform's CPU and garbage collection pauses (prom-client's process metrics): one process
  // in the single topology (every page shows it), one page per process in the other.
  const pages = benchSettings.BENCH_TOPOLOGY === 'single' ? [gatewayMetrics] : [gatewayMetrics, ...processPages];
  const sumOf = (pattern: RegExp) =>
    pages.reduce((total, page) => total + [...page.matchAll(pattern)].reduce((sum, [, value]) => sum + Number(value), 0), 0);
  const cpuSeconds = sumOf(/^process_cpu_seconds_total(?:\{[^}]*\})? ([\d.e+-]+)$/gm);
  const gcSeconds = new Map(
    ['minor', 'major', 'incremental'].map((kind) => [
      kind,
      sumOf(new RegExp(`^nodejs_gc_duration_seconds_sum\\{[^}]*kind="${kind}"[^}]*\\} ([\\d.e+-]+)$`, 'gm')),
    ]),
  );
  return { statements, kinds, consumers, pushes, cpuSeconds, gcSeconds };
}

/** Starts the quest, then (after `settleMs`, letting the platform go idle) answers its last step. */
async function complete(
  token: string,
  quest: { id: string; stepId: string },
  settleMs = 0,
): Promise<{ sent: number; answeredAfter: number }> {
  const { startQuest } = await graphqlData<{ startQuest: { id: string } }>(
    url,
    'mutation S($id: ID!) { startQuest(questId: $id) { id } }',
    { id: quest.id },
    { token },
  );
  if (settleMs) await sleep(settleMs);
  const sent = performance.now();
  await graphqlData(
    url,
    'mutation A($p: ID!, $s: ID!) { submitAnswer(progressId: $p, stepId: $s, answer: "B") { correct } }',
    { p: startQuest.id, s: quest.stepId },
    { token },
  );
  return { sent, answeredAfter: performance.now() - sent };
}

const platform = await startBenchPlatform(OFFSET, {
  NATS_URL: benchSettings.BENCH_NATS_URL,
  EVENTS_NAMESPACE: namespace,
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  // Passed through, to compare the event path with and without the learner-first waits (0 turns them off).
  ...(process.env.BACKGROUND_WAIT_MAX_MS ? { BACKGROUND_WAIT_MAX_MS: process.env.BACKGROUND_WAIT_MAX_MS } : {}),
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

  // 1. Sustained throughput through outbox → JetStream → consumers. It also warms the platform up
  //    (JIT, query plans, connection pools), as any long-running server is, before the latencies.
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
  await waitFor(
    async () => {
      for (const consumer of CONSUMERS) {
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
    `\nbench:events  ${settings.BENCH_WORKERS} learners for ${settings.BENCH_SECONDS} s, then ${settings.BENCH_ROUNDS} rounds of ` +
      `${settings.BENCH_COMPLETIONS} sequential first completions; topology ${benchSettings.BENCH_TOPOLOGY}\n`,
  );
  console.log(
    `throughput: ${completions} completions in ${((loadEnded - started) / 1000).toFixed(1)} s published ${events} events; ` +
      `every consumer caught up ${((caughtUp - loadEnded) / 1000).toFixed(1)} s after the load stopped: ` +
      `${(events / ((caughtUp - started) / 1000)).toFixed(0)} events/s sustained end to end (${CONSUMERS.length} consumers each)\n`,
  );

  // 2. Latency, one completion at a time; the bus is watched too, to break the path into hops.
  const seenOnBus = new Map<string, number>();
  const watch = nc.subscribe(`${namespace}.events.>`);
  void (async () => {
    for await (const message of watch) {
      const { name, payload } = message.json<{ name: string; payload: { userId: string } }>();
      if (!seenOnBus.has(`${name}:${payload.userId}`)) seenOnBus.set(`${name}:${payload.userId}`, performance.now());
    }
  })();
  const rounds: Array<{ questCompletedP99: number; notificationP99: number; statements: Map<string, number> }> = [];
  for (let round = 1; round <= settings.BENCH_ROUNDS; round += 1) {
    const toCompletion: number[] = [];
    const toNotification: number[] = [];
    const answered: number[] = [];
    const hops: Record<string, number[]> = { QUEST_COMPLETED: [], ACHIEVEMENT_UNLOCKED: [], NOTIFICATION_CREATED: [] };
    /** Each completion's times (from the mutation), to show where the slowest ones spent theirs. */
    const samples: Array<Record<string, number>> = [];
    // Learners are registered first: their sign-up events are handled before the measures start.
    const learners = [];
    for (let index = 0; index < settings.BENCH_COMPLETIONS; index += 1) learners.push(await registerLearner());
    await sleep(2_000);
    const figuresBefore = await platformFigures();
    const machineBefore = machineCpuTicks();
    for (const { token, userId } of learners) {
      const socket = connect(url, token);
      const questCompleted = subscribe(socket, 'subscription { questCompleted { score } }');
      const notifications = subscribe<{ notificationAdded: { kind: string } }>(
        socket,
        'subscription { notificationAdded { kind badge { slug } } }',
      );
      // One completion at a time on an otherwise idle platform: light load.
      const { sent, answeredAfter } = await complete(token, quest, 300);
      answered.push(answeredAfter);
      await questCompleted.next(10_000);
      toCompletion.push(performance.now() - sent);
      while ((await notifications.next(10_000)).data?.notificationAdded.kind !== 'BADGE_UNLOCKED');
      toNotification.push(performance.now() - sent);
      const sample: Record<string, number> = {
        answered: answeredAfter,
        questCompleted: toCompletion.at(-1)!,
        notification: toNotification.at(-1)!,
      };
      for (const [name, values] of Object.entries(hops)) {
        const at = seenOnBus.get(`${name}:${userId}`);
        if (!at) continue;
        values.push(at - sent);
        sample[name] = at - sent;
      }
      samples.push(sample);
      await socket.dispose();
    }
    // Marks and notes written a moment after the last completion belong to this round.
    await sleep(1_500);
    const figuresAfter = await platformFigures();
    const machine = machineShare(machineBefore, machineCpuTicks());

    console.log(`round ${round} of ${settings.BENCH_ROUNDS}, latency at light load (load average ${loadavg()[0]!.toFixed(2)}):`);
    console.log(summary('mutation → questCompleted on the subscriber', toCompletion));
    console.log(summary('mutation → badge notification on the subscriber', toNotification));
    console.log('  the same path, hop by hop (from the mutation):');
    console.log(summary('    submitAnswer answered', answered));
    for (const [name, values] of Object.entries(hops)) if (values.length) console.log(summary(`    ${name} on the bus`, values));
    console.log('  the slowest completions, hop by hop (ms from the mutation):');
    for (const measure of ['questCompleted', 'notification']) {
      for (const sample of [...samples].sort((a, b) => b[measure]! - a[measure]!).slice(0, 3))
        console.log(
          `    ${Object.entries(sample)
            .map(([hop, ms]) => `${hop} ${ms.toFixed(1)}`)
            .join(', ')}`,
        );
    }
    console.log('  consumers during that round (lag = from staging to delivery):');
    for (const [consumer, after] of figuresAfter.consumers) {
      const was = figuresBefore.consumers.get(consumer) ?? { count: 0, lagSeconds: 0, handlingSeconds: 0 };
      const count = after.count - was.count;
      if (!count) continue;
      const mean = (seconds: number) => ((seconds / count) * 1000).toFixed(1);
      console.log(
        `    ${consumer.padEnd(24)} ${String(count).padStart(4)} events: mean lag ${mean(after.lagSeconds - was.lagSeconds)} ms, ` +
          `mean handling ${mean(after.handlingSeconds - was.handlingSeconds)} ms`,
      );
    }
    console.log('  gateway pushes during that round (lag = from staging to arrival at the gateway), mean ms:');
    for (const field of new Set([...figuresAfter.pushes.keys()].map((key) => key.split(' ')[0]!))) {
      const phases = ['lag', 'queued', 'answer'].map((phase) => {
        const after = figuresAfter.pushes.get(`${field} ${phase}`) ?? { count: 0, seconds: 0 };
        const was = figuresBefore.pushes.get(`${field} ${phase}`) ?? { count: 0, seconds: 0 };
        const count = after.count - was.count;
        return `${phase} ${count ? (((after.seconds - was.seconds) / count) * 1000).toFixed(1) : '-'}`;
      });
      console.log(`    ${field.padEnd(24)} ${phases.join(', ')}`);
    }
    const perCompletion = (now: number, was = 0) => (now - was) / settings.BENCH_COMPLETIONS;
    const msPerCompletion = (now: number, was: number) => (perCompletion(now, was) * 1000).toFixed(1);
    console.log(
      `  platform CPU per completion (the whole round, its idle waits included): ${msPerCompletion(figuresAfter.cpuSeconds, figuresBefore.cpuSeconds)} ms; ` +
        `collector pauses per completion: ${['minor', 'major', 'incremental']
          .map((kind) => `${kind} ${msPerCompletion(figuresAfter.gcSeconds.get(kind)!, figuresBefore.gcSeconds.get(kind)!)} ms`)
          .join(', ')}`,
    );
    if (machine) console.log(`  the machine's cores during that round (all processes): ${machine}`);
    const statements = new Map(
      [...figuresAfter.statements].map(([name, count]) => [name, perCompletion(count, figuresBefore.statements.get(name))]),
    );
    console.log(
      `  SQL statements per completion (BEGIN and COMMIT included): ${[...statements]
        .map(([name, count]) => `${name} ${count.toFixed(1)}`)
        .join(', ')}`,
    );
    for (const name of COUNTED) {
      const kindsBefore = figuresBefore.kinds.get(name) ?? new Map<string, number>();
      const kinds = [...(figuresAfter.kinds.get(name) ?? [])]
        .map(([kind, count]) => [kind, perCompletion(count, kindsBefore.get(kind))] as const)
        .filter(([, count]) => count >= 0.05)
        .sort((a, b) => b[1] - a[1]);
      console.log(`    ${name}: ${kinds.map(([kind, count]) => `${count.toFixed(2)} ${kind}`).join('; ')}`);
    }
    console.log('');
    rounds.push({
      questCompletedP99: percentile(toCompletion, 99),
      notificationP99: percentile(toNotification, 99),
      statements,
    });
  }
  watch.unsubscribe();

  console.log(
    `targets, in every round: questCompleted p99 < ${TARGETS.questCompletedP99Ms} ms, badge notification p99 < ` +
      `${TARGETS.badgeNotificationP99Ms} ms, at most ${TARGETS.statementsPerCompletion} SQL statements per completion in ${COUNTED.join(', ')}`,
  );
  let passed = true;
  for (const [index, round] of rounds.entries()) {
    const counts = COUNTED.map((name) => round.statements.get(name) ?? 0);
    const ok =
      round.questCompletedP99 < TARGETS.questCompletedP99Ms &&
      round.notificationP99 < TARGETS.badgeNotificationP99Ms &&
      counts.every((count) => count <= TARGETS.statementsPerCompletion);
    passed &&= ok;
    console.log(
      `  round ${index + 1}: questCompleted p99 ${round.questCompletedP99.toFixed(1)} ms, badge notification p99 ` +
        `${round.notificationP99.toFixed(1)} ms, statements ${COUNTED.map((name, at) => `${name} ${counts[at]!.toFixed(1)}`).join(' ')}: ` +
        (ok ? 'PASS' : 'FAIL'),
    );
  }
  console.log(passed ? 'PASS: every round met the targets' : 'FAIL: some round missed a target');
  process.exitCode = passed ? 0 : 1;
} finally {
  await nc.close();
  await platform.stop();
  // The bench's streams go with it.
  await deleteStreams(benchSettings.BENCH_NATS_URL, namespace);
}
