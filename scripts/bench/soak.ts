/**
 * `npm run bench:soak [-- --minutes N] [-- --learners N]`: steady learner traffic on the full stack
 * (the machine's Postgres, Redis and NATS JetStream; `npm start`'s process, or one per service with
 * BENCH_TOPOLOGY=processes) for N minutes (default 10), the resident memory of every platform
 * process sampled every 10 s. Memory must plateau: the report gives the slope over the last half of
 * the run (MB per minute, least squares), beside the first half's.
 *
 * The traffic is what a class of learners does, paced (each learner thinks between actions), not
 * a throughput race: browse the catalogue, enroll, complete the next lesson, play a demo quest to
 * the end, look at their XP, badges, notifications and the leaderboard. New learners keep signing
 * up (one learner in twenty leaves after each round and is replaced), analysts follow the live
 * activity feed and learners their notifications over WebSocket, re-connecting now and then.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { graphqlRequest } from '#platform/graphql/client.ts';
import { deleteStreams } from '#platform/testing/nats.ts';
import { readDemoQuests } from '../demo-content/quests.ts';
import { residentMegabytes, startBenchPlatform, waitFor } from './load.ts';
import { benchSettings } from './settings.ts';

const { values: flags } = parseArgs({
  options: { minutes: { type: 'string', default: '10' }, learners: { type: 'string', default: '40' } },
});
const MINUTES = Number(flags.minutes);
const LEARNERS = Number(flags.learners);
if (!(MINUTES > 0) || !Number.isInteger(LEARNERS) || LEARNERS < 1) {
  console.error('usage: npm run bench:soak -- [--minutes N] [--learners N]');
  process.exit(2);
}
const SAMPLE_MS = 10_000;
const THINK_MS = [300, 1_500] as const;

const OFFSET = 8_000;
const url = `http://localhost:${4_000 + OFFSET}/graphql`;
const namespace = `soak_${randomUUID().slice(0, 8)}`;
const admin = { email: `soak-admin-${randomUUID().slice(0, 6)}@example.com`, password: 'Soak-admin-password-1' };

/** The platform's own figures on the gateway's /metrics: V8 heap in use and open subscriptions. */
async function gatewayFigures(): Promise<{ heapMegabytes: number; subscriptions: number }> {
  const metrics = await fetch(url.replace('/graphql', '/metrics'))
    .then((response) => response.text())
    .catch(() => '');
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  return { heapMegabytes: value('nodejs_heap_size_used_bytes') / 2 ** 20, subscriptions: value('graphql_subscriptions_active') };
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return covariance / variance;
}

const traffic = { operations: 0, errors: 0, completions: 0, signUps: 0, pushes: 0, reconnects: 0 };
/** Per error code: how many, and the first one's message and operation (to look into). */
const errorSamples = new Map<string, { count: number; first: string }>();
const soak = { running: true };

/** One operation of the traffic; an error is counted (and its code sampled), never fatal. */
async function call<Data>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Data | undefined> {
  traffic.operations += 1;
  const result = await graphqlRequest<Data>(url, query, variables, { token }).catch((error: unknown) => ({
    errors: [{ message: String(error), extensions: { code: 'NETWORK' } }],
    data: undefined,
    status: 0,
  }));
  if (result.errors?.length) {
    traffic.errors += 1;
    const code = String(result.errors[0]?.extensions?.code ?? result.status);
    const seen = errorSamples.get(code) ?? { count: 0, first: `${result.errors[0]?.message} (${query.slice(0, 60)})` };
    errorSamples.set(code, { ...seen, count: seen.count + 1 });
    return undefined;
  }
  return result.data ?? undefined;
}

const think = () => sleep(THINK_MS[0] + Math.random() * (THINK_MS[1] - THINK_MS[0]));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

interface CatalogCourse {
  id: string;
  modules: Array<{ lessons: Array<{ id: string }> }>;
}
interface QuestPlan {
  id: string;
  answers: string[];
}

async function signUp(): Promise<string | undefined> {
  const data = await call<{ register: { accessToken: string } }>(
    'mutation R($input: RegisterInput!) { register(input: $input) { accessToken } }',
    { input: { email: `soak-${randomUUID()}@example.com`, password: 'Soak-password-2026', displayName: 'Soak Learner' } },
  );
  if (data) traffic.signUps += 1;
  return data?.register.accessToken;
}

/** A learner's rounds until they leave (1 in 20 after each round) or the soak ends. */
async function learner(courses: CatalogCourse[], quests: QuestPlan[]): Promise<void> {
  const token = await signUp();
  if (!token) return;
  const done = new Set<string>();
  while (soak.running) {
    await call(
      '{ courses(first: 10) { totalCount edges { node { id title lessonCount instructor { displayName } } } } }',
      {},
      token,
    );
    await think();
    const course = pick(courses);
    await call('mutation E($id: ID!) { enroll(courseId: $id) { id progressPercent } }', { id: course.id }, token);
    const next = course.modules.flatMap((module) => module.lessons).find((lesson) => !done.has(lesson.id));
    if (next) {
      await call('query L($id: ID!) { lesson(id: $id) { id title content } }', { id: next.id }, token);
      await think();
      if (await call('mutation C($id: ID!) { completeLesson(lessonId: $id) { progressPercent } }', { id: next.id }, token))
        done.add(next.id);
    }
    await think();
    const quest = pick(quests);
    const started = await call<{ startQuest: { id: string; quest: { steps: Array<{ id: string }> } } }>(
      'mutation S($id: ID!) { startQuest(questId: $id) { id quest { steps { id } } } }',
      { id: quest.id },
      token,
    );
    for (const [index, step] of (started?.startQuest.quest.steps ?? []).entries()) {
      await think();
      const answered = await call<{ submitAnswer: { progress: { status: string } } }>(
        'mutation A($p: ID!, $s: ID!, $a: String!) { submitAnswer(progressId: $p, stepId: $s, answer: $a) { correct progress { status } } }',
        { p: started!.startQuest.id, s: step.id, a: quest.answers[index] },
        token,
      );
      if (answered?.submitAnswer.progress.status === 'COMPLETED') traffic.completions += 1;
    }
    await think();
    await call(
      '{ me { xp level streak { current } badges { slug name } } notifications(first: 5) { unreadCount edges { node { title } } } myStats { questsCompleted xpEarned } leaderboard(first: 10) { rank xp user { displayName } } }',
      {},
      token,
    );
    await think();
    if (Math.random() < 0.05) return; // leaves; a newcomer takes the seat
  }
}

/** A live client: subscribes, counts pushes, and re-connects every 30 to 90 s (a closed socket must free everything). */
async function liveClient(query: string, token: string): Promise<void> {
  while (soak.running) {
    const client: Client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const unsubscribe = client.subscribe(
      { query },
      { next: () => void (traffic.pushes += 1), error: () => void (traffic.errors += 1), complete: () => undefined },
    );
    const until = Date.now() + 30_000 + Math.random() * 60_000;
    while (soak.running && Date.now() < until) await sleep(1_000);
    unsubscribe();
    await client.dispose();
    traffic.reconnects += 1;
  }
}

const platform = await startBenchPlatform(OFFSET, {
  NATS_URL: benchSettings.BENCH_NATS_URL,
  EVENTS_NAMESPACE: namespace,
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  SEED_DEMO_CONTENT: 'true',
});
try {
  await waitFor(
    async () =>
      ((await graphqlRequest<{ quests: { totalCount: number } }>(url, '{ quests { totalCount } }')).data?.quests.totalCount ??
        0) >= 12,
    180_000,
    'platform start with its demo content',
  );
  const catalog = await graphqlRequest<{ courses: { edges: Array<{ node: CatalogCourse }> } }>(
    url,
    '{ courses(first: 20) { edges { node { id modules { lessons { id } } } } } }',
  );
  const courses = catalog.data!.courses.edges.map((edge) => edge.node);
  const demoQuests = new Map(readDemoQuests().map((quest) => [quest.slug, quest]));
  const questList = await graphqlRequest<{ quests: { edges: Array<{ node: { id: string; slug: string } }> } }>(
    url,
    '{ quests(first: 100) { edges { node { id slug } } } }',
  );
  const quests = questList
    .data!.quests.edges.map(({ node }) => ({
      id: node.id,
      answers: demoQuests.get(node.slug)?.steps.map((step) => step.acceptedAnswers[0]!),
    }))
    .filter((quest): quest is QuestPlan => Boolean(quest.answers));

  const login = await graphqlRequest<{ login: { accessToken: string } }>(
    url,
    'mutation L($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: admin },
  );
  const adminToken = login.data!.login.accessToken;

  console.log(
    `bench:soak  ${LEARNERS} learners (think time ${THINK_MS[0]}-${THINK_MS[1]} ms), 3 analysts on the activity feed, ` +
      `${Math.ceil(LEARNERS / 4)} learners on their notifications, for ${MINUTES} min; topology ${benchSettings.BENCH_TOPOLOGY}, ` +
      `${courses.length} courses, ${quests.length} quests\n`,
  );
  console.log('   time   RSS (MB)  heap (MB)  subscriptions  ops/s  errors  completions  sign-ups  pushes');

  const seats = Array.from({ length: LEARNERS }, async (_, index) => {
    await sleep(index * 100); // learners arrive over a few seconds
    while (soak.running) await learner(courses, quests);
  });
  const live = [
    ...Array.from({ length: 3 }, () => liveClient('subscription { activity { id type user { displayName } } }', adminToken)),
    ...Array.from({ length: Math.ceil(LEARNERS / 4) }, async () => {
      const token = await signUp();
      if (token) await liveClient('subscription { notificationAdded { id title } }', token);
    }),
  ];

  const samples: Array<[number, number]> = [];
  const heapSamples: Array<[number, number]> = [];
  const started = performance.now();
  let lastOperations = 0;
  while (performance.now() - started < MINUTES * 60_000) {
    await sleep(SAMPLE_MS);
    const minutes = (performance.now() - started) / 60_000;
    const resident = platform.pids.reduce((sum, pid) => sum + residentMegabytes(pid), 0);
    const { heapMegabytes, subscriptions } = await gatewayFigures();
    samples.push([minutes, resident]);
    heapSamples.push([minutes, heapMegabytes]);
    const rate = (traffic.operations - lastOperations) / (SAMPLE_MS / 1000);
    lastOperations = traffic.operations;
    console.log(
      `${minutes.toFixed(2).padStart(6)} min ${resident.toFixed(0).padStart(7)} ${heapMegabytes.toFixed(0).padStart(10)} ${String(subscriptions).padStart(14)}  ${rate.toFixed(0).padStart(5)}  ${String(traffic.errors).padStart(6)}  ` +
        `${String(traffic.completions).padStart(11)}  ${String(traffic.signUps).padStart(8)}  ${String(traffic.pushes).padStart(6)}`,
    );
  }
  soak.running = false;
  const stopping = performance.now();
  await Promise.race([Promise.all([...seats, ...live]), sleep(100_000)]);
  console.error(`traffic stopped in ${((performance.now() - stopping) / 1000).toFixed(1)} s`);

  const lastHalf = (points: Array<[number, number]>) => points.filter(([minutes]) => minutes >= MINUTES / 2);
  const firstHalf = (points: Array<[number, number]>) => points.filter(([minutes]) => minutes < MINUTES / 2);
  const half = lastHalf(samples);
  const firstHalfSamples = firstHalf(samples);
  const residents = samples.map(([, resident]) => resident);
  console.log(
    `\nresident memory: start ${residents[0]?.toFixed(0)} MB, peak ${Math.max(...residents).toFixed(0)} MB, end ${residents.at(-1)?.toFixed(0)} MB`,
  );
  console.log(
    `slope: first half ${slope(firstHalfSamples).toFixed(2)} MB/min, last half ${slope(half).toFixed(2)} MB/min ` +
      `(${half.length} samples from ${(MINUTES / 2).toFixed(1)} min)`,
  );
  // The heap in use climbs between major collections: its floor per window is what stays alive.
  const WINDOW_MIN = Math.max(1, MINUTES / 5);
  const floors: Array<[number, number]> = [];
  for (let from = 0; from < MINUTES; from += WINDOW_MIN) {
    const inWindow = heapSamples.filter(([minutes]) => minutes >= from && minutes < from + WINDOW_MIN).map(([, heap]) => heap);
    if (inWindow.length) floors.push([from + WINDOW_MIN, Math.min(...inWindow)]);
  }
  console.log(
    `V8 heap floor (lowest in use) per ${WINDOW_MIN.toFixed(1)} min: ${floors.map(([, floor]) => floor.toFixed(0)).join(', ')} MB; ` +
      `slope of the floors over the last half ${slope(lastHalf(floors)).toFixed(2)} MB/min`,
  );
  console.log(
    `V8 heap in use (gateway process): first half ${slope(firstHalf(heapSamples)).toFixed(2)} MB/min, last half ${slope(lastHalf(heapSamples)).toFixed(2)} MB/min`,
  );
  console.log(
    `traffic: ${traffic.operations} operations (${(traffic.operations / (MINUTES * 60)).toFixed(0)}/s), ${traffic.completions} quest completions, ` +
      `${traffic.signUps} sign-ups, ${traffic.pushes} subscription pushes, ${traffic.reconnects} re-connections, ` +
      `${traffic.errors} errors`,
  );
  for (const [code, { count, first }] of errorSamples) console.log(`  ${code} ×${count}, the first: ${first}`);
} finally {
  soak.running = false;
  await platform.stop();
  await deleteStreams(benchSettings.BENCH_NATS_URL, namespace);
}
process.exit(0);
