/**
 * Leaderboards: GLOBAL, WEEKLY and COURSE ranks with ties, the Redis sets and their rebuild from the
 * ledger (automatic when Redis lost them, forced by an admin), the SQL implementation giving the same
 * answers, the live signal after the data is written, a lost after-commit write being redone, and
 * the notes of written changes cleared before the database closes, none after.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventEnvelope } from '#platform/events/envelope.ts';
import { deliveryInterceptors } from '#platform/events/subgraph-events.ts';
import { errorCode } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import type { GamificationDb } from '../src/db.ts';
import { isoWeek } from '../src/rules/calendar.ts';
import { COURSE_XP, LESSON_XP } from '../src/rules/xp.ts';
import { RedisLeaderboards, SqlLeaderboards, type Board } from '../src/services/leaderboards/index.ts';
import { courseCompleted, gamification, lessonCompleted, openGamificationDb, publish, questCompleted } from './support.ts';

const ADMIN = { email: `${unique('admin')}@example.com`, password: 'Admin-password-2026' };
const DAY_MS = 86_400_000;
const BOARD = `query Board($scope: LeaderboardScope!, $courseId: ID, $first: Int) {
  leaderboard(scope: $scope, courseId: $courseId, first: $first) { rank xp user { id xp } }
}`;

interface Entry {
  rank: number;
  xp: number;
  user: { id: string; xp: number };
}

let platform: TestStack;
let db: GamificationDb;
let adminToken: string;
let student: TestUser;
const courseId = unique('course');
/** Learners with known XP: two tied at the top of the week and of the course. */
const ids = { lastWeek: '', tieLow: '', tieHigh: '', lessons: '' };

const board = async (scope: string, extra: { courseId?: string; first?: number } = {}) =>
  (await platform.data<{ leaderboard: Entry[] }>(BOARD, { scope, ...extra })).leaderboard;
const ranking = (entries: Entry[]) => entries.map(({ rank, xp, user }) => ({ rank, xp, id: user.id }));
const redis = () => platform.runtime.redis()!;
const prefix = () => `${platform.runtime.env.EVENTS_NAMESPACE}:lb:`;
const store = () => gamification(platform).leaderboards.store;

beforeAll(async () => {
  platform = await startTestStack({
    subgraphs: ['accounts', 'gamification'],
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
  });
  db = openGamificationDb(platform);
  const { login } = await platform.data<{ login: { accessToken: string } }>(
    `mutation L($input: LoginInput!) { login(input: $input) { accessToken } }`,
    { input: ADMIN },
  );
  adminToken = login.accessToken;
  student = await platform.signUp();

  const [lastWeek, tiedA, tiedB, lessons] = await Promise.all([1, 2, 3, 4].map(() => platform.signUp()));
  const [tieLow, tieHigh] = [tiedA!.id, tiedB!.id].sort();
  Object.assign(ids, { lastWeek: lastWeek!.id, tieLow, tieHigh, lessons: lessons!.id });
  // Far above what the other test files give, so these four are the top of GLOBAL and WEEKLY.
  const events = [
    questCompleted(ids.lastWeek, { xp: 30_000 }),
    questCompleted(ids.lastWeek, { xp: 40_000, at: new Date(Date.now() - 8 * DAY_MS) }),
    questCompleted(tieHigh!, { xp: 50_000, courseId }),
    questCompleted(tieLow!, { xp: 50_000, courseId }),
    questCompleted(ids.lessons, { xp: 20_000 }),
    lessonCompleted(ids.lessons, courseId),
    courseCompleted(ids.lessons, courseId),
  ];
  for (const event of events) await publish(platform, event);
  const totals = [70_000, 50_000, 50_000, 20_000 + LESSON_XP + COURSE_XP];
  await eventually(
    async () => {
      const views = await gamification(platform).learners.views([ids.lastWeek, ids.tieLow, ids.tieHigh, ids.lessons]);
      return views.every((view, index) => view.xp === totals[index]) ? true : undefined;
    },
    10_000,
    'all events handled',
  );
});
afterAll(async () => {
  await db?.$disconnect();
  await platform?.close();
});

const expected = () => ({
  GLOBAL: [
    { rank: 1, xp: 70_000, id: ids.lastWeek },
    { rank: 2, xp: 50_000, id: ids.tieLow },
    { rank: 3, xp: 50_000, id: ids.tieHigh },
    { rank: 4, xp: 20_000 + LESSON_XP + COURSE_XP, id: ids.lessons },
  ],
  // The 40 000 XP of 8 days ago were earned in an earlier ISO week.
  WEEKLY: [
    { rank: 1, xp: 50_000, id: ids.tieLow },
    { rank: 2, xp: 50_000, id: ids.tieHigh },
    { rank: 3, xp: 30_000, id: ids.lastWeek },
    { rank: 4, xp: 20_000 + LESSON_XP + COURSE_XP, id: ids.lessons },
  ],
  COURSE: [
    { rank: 1, xp: 50_000, id: ids.tieLow },
    { rank: 2, xp: 50_000, id: ids.tieHigh },
    { rank: 3, xp: LESSON_XP + COURSE_XP, id: ids.lessons },
  ],
});

async function currentBoards() {
  return {
    GLOBAL: ranking(await board('GLOBAL', { first: 4 })),
    WEEKLY: ranking(await board('WEEKLY', { first: 4 })),
    COURSE: ranking(await board('COURSE', { courseId })),
  };
}

describe('ranks', () => {
  it('ranks GLOBAL, WEEKLY and COURSE by XP, ties by user id', async () => {
    expect(await currentBoards()).toEqual(expected());
  });

  it('resolves each entry user, with their total XP', async () => {
    const [entry] = await board('WEEKLY', { first: 1 });
    expect(entry!.user).toEqual({ id: ids.tieLow, xp: 50_000 });
    const lastWeek = (await board('WEEKLY', { first: 4 })).find((candidate) => candidate.user.id === ids.lastWeek);
    expect(lastWeek).toMatchObject({ xp: 30_000, user: { xp: 70_000 } });
  });

  it('cuts a tie by position: rank is the place in the list', async () => {
    expect(ranking(await board('COURSE', { courseId, first: 1 }))).toEqual([{ rank: 1, xp: 50_000, id: ids.tieLow }]);
    expect(await board('COURSE', { courseId: unique('course-without-xp') })).toEqual([]);
  });

  it('refuses a page size outside 1..100 and a course scope without course', async () => {
    for (const variables of [
      { scope: 'GLOBAL', first: 0 },
      { scope: 'GLOBAL', first: 101 },
      { scope: 'COURSE' },
      { scope: 'WEEKLY', courseId },
    ]) {
      expect(errorCode(await platform.gql(BOARD, variables))).toBe('BAD_USER_INPUT');
    }
    expect(await board('GLOBAL', { first: 100 })).not.toHaveLength(0);
  });

  it('costs the same SQL statements for a page of 2 as for a page of 4', async () => {
    const query = `query($first: Int) { leaderboard(first: $first) { rank user { xp level nextLevelXp streak { current } badges { slug } } } }`;
    // The subgraph's outbox relay polls in the background: the least of three runs is the query's cost.
    const cost = async (first: number) => {
      const costs: number[] = [];
      for (let run = 0; run < 3; run += 1) {
        const before = platform.statements().gamification!;
        const { leaderboard } = await platform.data<{ leaderboard: unknown[] }>(query, { first });
        expect(leaderboard).toHaveLength(first);
        costs.push(platform.statements().gamification! - before);
      }
      return Math.min(...costs);
    };
    expect(await cost(4)).toBe(await cost(2));
    // Redis has the ranks; then one batch of stats, one of awards and one of their badges.
    expect(await cost(4)).toBe(3);
  });
});

describe('Redis', () => {
  it('keeps each board in a sorted set of negated XP under the namespace', async () => {
    const week = isoWeek(new Date()).label;
    const keys = await redis().keys(`${prefix()}*`);
    expect(keys).toEqual(
      expect.arrayContaining([
        `${prefix()}global`,
        `${prefix()}weekly:${week}`,
        `${prefix()}course:${courseId}`,
        `${prefix()}built`,
      ]),
    );
    expect(await redis().zrange(`${prefix()}course:${courseId}`, 0, '-1', 'WITHSCORES')).toEqual([
      ids.tieLow,
      '-50000',
      ids.tieHigh,
      '-50000',
      ids.lessons,
      String(-(LESSON_XP + COURSE_XP)),
    ]);
    const ttl = await redis().ttl(`${prefix()}weekly:${week}`);
    expect(ttl).toBeGreaterThan(14 * 86_400);
  });

  it('rebuilds the boards from the ledger when Redis lost them', async () => {
    const keys = await redis().keys(`${prefix()}*`);
    await redis().del(...keys);
    expect(await redis().keys(`${prefix()}*`)).toEqual([]);
    expect(await currentBoards()).toEqual(expected());
    expect(await redis().exists(`${prefix()}built`)).toBe(1);
  });

  it('lets only admins force a rebuild, which repairs wrong scores', async () => {
    const REBUILD = 'mutation { rebuildLeaderboards }';
    expect(errorCode(await platform.gql(REBUILD))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(REBUILD, {}, student.accessToken))).toBe('FORBIDDEN');

    // A ghost at the top and a wrong score: the sets are "built", so reads trust them until rebuilt.
    await redis().zadd(`${prefix()}global`, -9_999_999, 'ghost-user', -1, ids.lastWeek);
    expect(ranking(await board('GLOBAL', { first: 1 }))[0]).toMatchObject({ id: 'ghost-user' });

    expect(await platform.data(REBUILD, {}, adminToken)).toEqual({ rebuildLeaderboards: true });
    expect(await currentBoards()).toEqual(expected());
  });

  it('gives the same answers as the SQL implementation', async () => {
    const sql = new SqlLeaderboards(db);
    const boards: Board[] = [{ scope: 'GLOBAL' }, { scope: 'WEEKLY', week: isoWeek(new Date()) }, { scope: 'COURSE', courseId }];
    expect(store().kind).toBe('redis');
    for (const target of boards) {
      for (const first of [1, 2, 3, 10, 100]) expect(await store().top(target, first)).toEqual(await sql.top(target, first));
    }
    expect((await sql.top({ scope: 'COURSE', courseId }, 10)).map(({ rank, xp, userId }) => ({ rank, xp, id: userId }))).toEqual(
      expected().COURSE,
    );
  });

  it('answers from SQL when Redis fails', async () => {
    const client = redis();
    const original = client.pipeline.bind(client);
    client.pipeline = () => {
      throw new Error('simulated Redis outage');
    };
    try {
      expect(ranking(await board('COURSE', { courseId }))).toEqual(expected().COURSE);
    } finally {
      client.pipeline = original;
    }
  });
});

describe('after a commit', () => {
  it('signals `leaderboard` once the boards hold the new XP', async () => {
    const learner = await platform.signUp();
    // The order of the steps, seen from the store and the bus themselves.
    const steps: string[] = [];
    const target = store();
    const bus = platform.runtime.eventBus();
    const refresh = target.refresh.bind(target);
    const publishLive = bus.publishLive.bind(bus);
    target.refresh = async (userId) => {
      if (userId === learner.id) steps.push('refresh started');
      await refresh(userId);
      if (userId === learner.id) steps.push('refresh done');
    };
    bus.publishLive = (topic, data) => {
      if ((data as { userId?: string }).userId === learner.id) steps.push(`live ${topic}`);
      publishLive(topic, data);
    };
    const seenAtSignal: Array<Promise<unknown>> = [];
    const stop = bus.listen((signal) => {
      // Read the moment the signal arrives: the data must already be there.
      if (
        signal.channel === 'live' &&
        signal.topic === 'leaderboard' &&
        (signal.data as { userId?: string }).userId === learner.id
      ) {
        seenAtSignal.push(target.top({ scope: 'COURSE', courseId }, 10));
      }
    });
    try {
      await publish(platform, questCompleted(learner.id, { xp: 60_000, courseId }));
      await eventually(async () => (seenAtSignal.length ? true : undefined), 10_000, 'the live signal');
      expect(steps).toEqual(['refresh started', 'refresh done', 'live leaderboard']);
      const [top] = (await seenAtSignal[0]) as Array<{ userId: string; xp: number; rank: number }>;
      expect(top).toEqual({ rank: 1, userId: learner.id, xp: 60_000 });
    } finally {
      stop();
      delete (target as Partial<typeof target>).refresh;
      delete (bus as Partial<typeof bus>).publishLive;
    }
  });

  it('redoes a Redis write lost after its commit (the learner shows up at a later refresh)', async () => {
    const lost = await platform.signUp();
    const later = await platform.signUp();
    const otherCourse = unique('course');
    const event = questCompleted(lost.id, { xp: 700, courseId: otherCourse });
    const stages: string[] = [];
    const interceptors = deliveryInterceptors(platform.runtime);
    // Failing before the ack skips the after-commit step, as a crash right after the commit would.
    const interceptor = (stage: string, consumer: string, delivered: EventEnvelope, attempt: number) => {
      if (consumer !== 'gamification-progress' || delivered.id !== event.id) return;
      stages.push(`${stage}#${attempt}`);
      if (stage === 'before-ack' && attempt === 1) throw new Error('simulated crash after the commit');
    };
    interceptors.push(interceptor);
    try {
      await publish(platform, event);
      await eventually(async () => (stages.includes('before-ack#2') ? true : undefined), 10_000, 'the redelivery');
    } finally {
      interceptors.splice(interceptors.indexOf(interceptor), 1);
    }
    const sql = new SqlLeaderboards(db);
    const courseBoard: Board = { scope: 'COURSE', courseId: otherCourse };
    expect(await sql.top(courseBoard, 10)).toEqual([{ rank: 1, userId: lost.id, xp: 700 }]);
    expect(await store().top(courseBoard, 10)).toEqual([]);
    expect(await db.pendingLeaderboardUpdate.count({ where: { userId: lost.id } })).toBe(1);

    // Once the pending update is old enough to be considered lost, any later refresh redoes it.
    await db.pendingLeaderboardUpdate.updateMany({
      where: { userId: lost.id },
      data: { createdAt: new Date(Date.now() - 60_000) },
    });
    await publish(platform, questCompleted(later.id, { xp: 1 }));
    expect(
      await eventually(async () => ((await store().top(courseBoard, 10)).length ? store().top(courseBoard, 10) : undefined)),
    ).toEqual([{ rank: 1, userId: lost.id, xp: 700 }]);
    // The redone write is in Redis before its pending rows are deleted: wait for the deletion.
    const pendingLeft = () => db.pendingLeaderboardUpdate.count({ where: { userId: { in: [lost.id, later.id] } } });
    await eventually(async () => ((await pendingLeft()) === 0 ? true : undefined), 10_000, 'the pending updates deleted');
    expect(await pendingLeft()).toBe(0);
  });

  it('clears the notes of its writes when it stops, and schedules nothing after (the database closes next)', async () => {
    const learner = await platform.signUp();
    const boards = new RedisLeaderboards(
      redis(),
      db,
      new SqlLeaderboards(db),
      `${prefix()}${unique('stop')}:`,
      platform.runtime.logger,
    );
    const note = async () => (await db.pendingLeaderboardUpdate.create({ data: { userId: learner.id } })).id;
    const change = (pendingId: string) => ({
      userId: learner.id,
      total: 5,
      week: isoWeek(new Date()),
      weekly: 0,
      course: null,
      pendingId,
    });
    const notesLeft = () => db.pendingLeaderboardUpdate.count({ where: { userId: learner.id } });

    await boards.refresh(learner.id, change(await note())); // its note is cleared a second later...
    await boards.stop(); // ...or now, when the subgraph stops
    expect(await notesLeft()).toBe(0);

    // A write after the stop keeps its note (redone once stale) rather than reading the database later.
    await boards.refresh(learner.id, change(await note()));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await notesLeft()).toBe(1);
    await db.pendingLeaderboardUpdate.deleteMany({ where: { userId: learner.id } });
  });
});
