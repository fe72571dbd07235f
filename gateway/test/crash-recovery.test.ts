/**
 * The platform process killed (SIGKILL) in the middle of a burst of quest completions, in
 * full-stack mode (real Postgres, Redis and NATS JetStream), then started again on the same data.
 * Learners' clients retry what failed, as a real client does: the same request again (starting a
 * quest returns the run in progress; answering a solved step again changes nothing). Afterwards,
 * through the API only: every learner has exactly one completed run, its XP once, and analytics
 * counted each completion once: nothing committed before the kill was lost between the outbox,
 * JetStream and the consumers, and nothing redelivered after the restart counted twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { adminEnv, LOGIN, testAdmin } from '#gateway/testing/operations.ts';
import { repoRoot } from '#platform/catalog.ts';
import { graphqlRequest } from '#platform/graphql/client.ts';
import { eventually, unique, catalogPortOffset } from '#platform/testing/helpers.ts';
import { deleteStreams } from '#platform/testing/nats.ts';
import { testSettingsSource } from '#platform/testing/test-env.ts';

const LEARNERS = 48;
const XP_REWARD = 40;
const offset = catalogPortOffset();
const url = `http://127.0.0.1:${offset}/graphql`;
const admin = testAdmin();
const settings = testSettingsSource({
  ...adminEnv(admin),
  PORT: String(offset),
  SUBGRAPH_PORT_OFFSET: String(offset),
  SEED_DEMO_CONTENT: 'false',
  LOG_LEVEL: 'error',
});

let platform: ChildProcess | undefined;

/** The end of the platform's log, since its last start. */
let platformLog = '';

/** The platform as `npm start` runs it (scripts/start.ts, one process), on the test services. */
function startPlatform(): ChildProcess {
  platformLog = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, ...settings },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Its log (errors only), so that a start that fails says why.
  child.stdout!.on('data', (chunk: Buffer) => (platformLog = (platformLog + chunk.toString()).slice(-4_000)));
  platform = child;
  return child;
}

async function untilServing(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the platform exited with ${child.exitCode}; its log ends:\n${platformLog}`);
    const result = await graphqlRequest<{ quests: { totalCount: number } }>(url, '{ quests { totalCount } }').catch(() => null);
    if (result?.data?.quests) return;
    await sleep(200);
  }
  throw new Error('the platform did not serve in time');
}

/** Requests that had to be sent again (the kill interrupted them or found them refused). */
let retried = 0;

/** A request the client sends until it is answered: while the platform is down or starting, it waits. */
async function persistently<Data>(query: string, variables: Record<string, unknown>, token?: string): Promise<Data> {
  const deadline = Date.now() + 120_000;
  for (let attempt = 0; ; attempt += 1) {
    // A refused connection (the platform is down) rejects; `null` marks it (errors from fetch
    // come from another realm under Jest, so no instanceof here).
    const result = await graphqlRequest<Data>(url, query, variables, { token }).catch(() => null);
    if (result) {
      const retryable = result.status >= 500 || result.errors?.some((error) => error.extensions?.code === 'SUBGRAPH_UNAVAILABLE');
      if (!retryable) {
        if (result.errors?.length || !result.data)
          throw new Error(`${query}: HTTP ${result.status} ${JSON.stringify(result.errors)}`);
        return result.data;
      }
    }
    retried += 1;
    if (Date.now() > deadline) throw new Error(`${query}: still failing after ${attempt} attempts`);
    await sleep(Math.min(1_000, 50 * 2 ** attempt));
  }
}

interface Learner {
  id: string;
  token: string;
}

let instructorToken: string;
let adminToken: string;
let questId: string;
const learners: Learner[] = [];

beforeAll(async () => {
  startPlatform();
  await untilServing(platform!);
  const register = async (role: string): Promise<Learner> => {
    const { register: registered } = await persistently<{ register: { accessToken: string; user: { id: string } } }>(
      `mutation R($input: RegisterInput!) { register(input: $input) { accessToken user { id } } }`,
      {
        input: {
          email: `${unique(role.toLowerCase())}@example.com`,
          password: `Secret-${unique('pw')}`,
          displayName: role,
          role,
        },
      },
    );
    return { id: registered.user.id, token: registered.accessToken };
  };
  instructorToken = (await register('INSTRUCTOR')).token;
  adminToken = (await persistently<{ login: { accessToken: string } }>(LOGIN, { input: admin })).login.accessToken;
  for (let index = 0; index < LEARNERS; index += 1) learners.push(await register('STUDENT'));
  const { createQuest } = await persistently<{ createQuest: { id: string } }>(
    `mutation Q($input: CreateQuestInput!) { createQuest(input: $input) { id } }`,
    {
      input: {
        slug: unique('crash_quest').replace(/-/g, '_'),
        title: 'Crash quest',
        description: 'Three steps, answered while the platform is killed.',
        category: 'python_basics',
        difficulty: 'BEGINNER',
        xpReward: XP_REWARD,
        steps: [
          {
            prompt: 'Which keyword defines a function?',
            kind: 'MULTIPLE_CHOICE',
            choices: ['func', 'def'],
            acceptedAnswers: ['B'],
          },
          { prompt: 'Assign 25 to `age`.', kind: 'CODE', acceptedAnswers: ['age = 25'] },
          { prompt: 'What is 6 * 7?', kind: 'NUMERIC', acceptedAnswers: ['42'] },
        ],
      },
    },
    instructorToken,
  );
  questId = createQuest.id;
}, 180_000);

afterAll(async () => {
  if (platform && platform.exitCode === null) {
    const exited = new Promise((resolve) => platform!.once('exit', resolve));
    platform.kill('SIGTERM');
    await exited;
  }
  await deleteStreams(settings.NATS_URL!, settings.EVENTS_NAMESPACE!);
});

const ANSWERS: Record<string, string> = { MULTIPLE_CHOICE: 'def', CODE: 'age=25', NUMERIC: '42' };

/** One learner's whole quest, each request retried until answered. */
async function playThrough(learner: Learner, onCompleted: () => void): Promise<void> {
  const { startQuest } = await persistently<{
    startQuest: { id: string; quest: { steps: Array<{ id: string; kind: string }> } };
  }>(`mutation S($id: ID!) { startQuest(questId: $id) { id quest { steps { id kind } } } }`, { id: questId }, learner.token);
  for (const step of startQuest.quest.steps) {
    const { submitAnswer } = await persistently<{ submitAnswer: { correct: boolean; progress: { status: string } } }>(
      `mutation A($p: ID!, $s: ID!, $a: String!) { submitAnswer(progressId: $p, stepId: $s, answer: $a) { correct progress { status } } }`,
      { p: startQuest.id, s: step.id, a: ANSWERS[step.kind] },
      learner.token,
    );
    if (!submitAnswer.correct) throw new Error(`the ${step.kind} step was not accepted`);
    if (submitAnswer.progress.status === 'COMPLETED') onCompleted();
  }
}

const PLATFORM_STATS = '{ platformStats { questsCompleted xpAwarded } }';

it('loses no completion and counts none twice when the platform is killed mid-burst', async () => {
  const before = (await persistently<{ platformStats: { questsCompleted: number; xpAwarded: number } }>(PLATFORM_STATS, {}))
    .platformStats;

  let completedBeforeKill = 0;
  let killed = false;
  let journeys: Array<Promise<void>> = [];
  const killedMidBurst = new Promise<void>((resolve) => {
    const onCompleted = () => {
      if (killed) return;
      completedBeforeKill += 1;
      // Mid-burst: some learners done, others between two answers, events in flight.
      if (completedBeforeKill === Math.floor(LEARNERS / 3)) {
        killed = true;
        platform!.kill('SIGKILL');
        resolve();
      }
    };
    journeys = learners.map((learner, index) => sleep(index * 15).then(() => playThrough(learner, onCompleted)));
  });
  await killedMidBurst;
  await new Promise((resolve) => (platform!.exitCode === null ? platform!.once('exit', resolve) : resolve(null)));
  expect(completedBeforeKill).toBeLessThan(LEARNERS);

  startPlatform();
  await untilServing(platform!);
  // The kill cut learners off mid-journey: their clients kept retrying while it was down.
  expect(retried).toBeGreaterThan(0);
  await Promise.all(journeys);

  // Every learner: one completed run, the quest's XP once, and analytics agrees.
  for (const learner of learners) {
    await eventually(
      async () => {
        const { me, userStats } = await persistently<{
          me: { xp: number; questsCompleted: number; questProgress: Array<{ status: string }> };
          userStats: { questsCompleted: number; xpEarned: number };
        }>(
          `query M($id: ID!) { me { xp questsCompleted questProgress { status } } userStats(userId: $id) { questsCompleted xpEarned } }`,
          { id: learner.id },
          learner.token,
        );
        const runs = me.questProgress.map((run) => run.status);
        expect(runs).toEqual(['COMPLETED']);
        expect(me.questsCompleted).toBe(1);
        // Settled once the consumers have caught up; never more than once.
        expect(me.xp).toBeLessThanOrEqual(XP_REWARD);
        expect(userStats.questsCompleted).toBeLessThanOrEqual(1);
        return me.xp === XP_REWARD && userStats.questsCompleted === 1 && userStats.xpEarned === XP_REWARD ? true : undefined;
      },
      30_000,
      `learner ${learner.id} settled`,
    );
  }
  await eventually(
    async () => {
      const after = (
        await persistently<{ platformStats: { questsCompleted: number; xpAwarded: number } }>(PLATFORM_STATS, {}, adminToken)
      ).platformStats;
      expect(after.questsCompleted - before.questsCompleted).toBeLessThanOrEqual(LEARNERS);
      return after.questsCompleted - before.questsCompleted === LEARNERS &&
        after.xpAwarded - before.xpAwarded === LEARNERS * XP_REWARD
        ? true
        : undefined;
    },
    15_000,
    'platform figures settled',
  );
}, 300_000);
