/**
 * Analytics end to end: events published on the bus as the other subgraphs publish them are stored
 * once, move the counters, and announce themselves live after the commit; figures are read through
 * the gateway by the roles allowed to; dead letters are kept and replayed to their consumer only.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { subgraphDatabaseUrl } from '#platform/db/postgres-server.ts';
import { postgresAdapter } from '#platform/db/prisma-adapters.ts';
import type { BusSignal } from '#platform/events/bus.ts';
import { startConsumer } from '#platform/events/consumer.ts';
import { createEnvelope, type EventEnvelope, type EventOf } from '#platform/events/envelope.ts';
import { deliveryInterceptors } from '#platform/events/subgraph-events.ts';
import { errorCode } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import { PrismaClient } from '../src/generated/prisma/client.ts';

const ADMIN = { email: `${unique('admin')}@example.com`, password: 'Admin-password-2026' };

interface UserStatsView {
  user: { id: string };
  questsStarted: number;
  questsCompleted: number;
  xpEarned: number;
  lessonsCompleted: number;
  coursesCompleted: number;
  enrollments: number;
  badgesEarned: number;
  lastActiveAt: string | null;
}
interface PlatformStatsView {
  learners: number;
  questsCompleted: number;
  xpAwarded: number;
  coursesPublished: number;
}
interface ActivityView {
  id: string;
  type: string;
  occurredAt: string;
  user: { id: string } | null;
  quest: { id: string } | null;
  course: { id: string } | null;
}
interface DeadLetterView {
  id: string;
  consumer: string;
  eventId: string | null;
  eventName: string | null;
  reason: string;
  attempts: number;
  failedAt: string;
  replayedAt: string | null;
}

const USER_FIELDS =
  'user { id } questsStarted questsCompleted xpEarned lessonsCompleted coursesCompleted enrollments badgesEarned lastActiveAt';
const MY_STATS = `{ myStats { ${USER_FIELDS} } }`;
const USER_STATS = `query U($userId: ID!) { userStats(userId: $userId) { ${USER_FIELDS} } }`;
const COURSE_STATS = `query C($courseId: ID!) { courseStats(courseId: $courseId) { course { id } enrollments lessonCompletions completions completionRate } }`;
const PLATFORM_STATS = `{ platformStats { learners questsCompleted xpAwarded coursesPublished } }`;
const ACTIVITY_FIELDS = 'id type occurredAt user { id } quest { id } course { id }';
const ACTIVITY_EVENT = `query A($id: ID!) { activityEvent(id: $id) { ${ACTIVITY_FIELDS} } }`;
const RECENT = `query R($first: Int, $types: [String!]) { recentActivity(first: $first, types: $types) { ${ACTIVITY_FIELDS} } }`;
const DEAD_LETTERS = `query D($first: Int, $after: String, $consumer: String) {
  deadLetters(first: $first, after: $after, consumer: $consumer) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id consumer eventId eventName reason attempts failedAt replayedAt } }
  }
}`;
const REPLAY = `mutation R($id: ID!) { replayDeadLetter(id: $id) { id replayedAt } }`;

let platform: TestStack;
let adminToken: string;
let analystToken: string;
let student: TestUser;
let instructor: TestUser;
let rival: TestUser;
/** `activity` live signals, each with `activityEvent(id)` asked at once (what the gateway does). */
const signals: Array<{ data: { id: string; type: string; userId: string | null }; lookup: Promise<unknown> }> = [];
let stopListening: () => void;

const publish = (envelope: EventEnvelope) => platform.runtime.eventBus().publish(envelope);
const stored = (id: string, token = adminToken) =>
  eventually(
    async () => (await platform.data<{ activityEvent: ActivityView }>(ACTIVITY_EVENT, { id }, token)).activityEvent,
    10_000,
    `event ${id} stored`,
  );
const userStats = async (userId: string, token = adminToken) =>
  (await platform.data<{ userStats: UserStatsView }>(USER_STATS, { userId }, token)).userStats;
const platformStats = async () => (await platform.data<{ platformStats: PlatformStatsView }>(PLATFORM_STATS)).platformStats;
const deadLetters = async (variables: Record<string, unknown> = {}) =>
  (
    await platform.data<{
      deadLetters: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: Array<{ node: DeadLetterView }>;
      };
    }>(DEAD_LETTERS, { first: 100, ...variables }, adminToken)
  ).deadLetters;
/** Waits until everything published so far is stored (the consumer reads the stream in order). */
const settle = async () => {
  const barrier = createEnvelope('USER_AUTHENTICATED', { userId: randomUUID(), sessionId: randomUUID() }, 'accounts');
  await publish(barrier);
  await stored(barrier.id);
};
const deadLetterOf = (eventId: string) =>
  eventually(
    async () => (await deadLetters()).edges.find((edge) => edge.node.eventId === eventId)?.node,
    10_000,
    `dead letter of ${eventId}`,
  );

const xp = (userId: string, amount: number) =>
  createEnvelope(
    'XP_AWARDED',
    { userId, amount, totalXp: amount, reason: 'QUEST_COMPLETED', sourceEventId: randomUUID(), courseId: null },
    'gamification',
  );
const questCompleted = (userId: string, questId: string, courseId: string | null) =>
  createEnvelope(
    'QUEST_COMPLETED',
    {
      progressId: randomUUID(),
      userId,
      questId,
      questSlug: 'loops',
      questTitle: 'Loops',
      score: 90,
      xpAwarded: 50,
      firstCompletion: true,
      courseId,
    },
    'quests',
  );

beforeAll(async () => {
  platform = await startTestStack({
    subgraphs: ['accounts', 'analytics'],
    env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, EVENT_MAX_ATTEMPTS: '2' },
  });
  stopListening = platform.runtime.eventBus().listen((signal: BusSignal) => {
    if (signal.channel !== 'live' || signal.topic !== 'activity') return;
    const data = signal.data as { id: string; type: string; userId: string | null };
    signals.push({ data, lookup: platform.gql(ACTIVITY_EVENT, { id: data.id }, adminToken) });
  });
  const { login } = await platform.data<{ login: { accessToken: string } }>(
    `mutation L($input: LoginInput!) { login(input: $input) { accessToken } }`,
    { input: ADMIN },
  );
  adminToken = login.accessToken;
  const analyst = await platform.signUp('STUDENT', 'Ana Lyst');
  await platform.data(`mutation G($id: ID!) { grantRole(userId: $id, role: ANALYST) { id } }`, { id: analyst.id }, adminToken);
  const { refreshSession } = await platform.data<{ refreshSession: { accessToken: string } }>(
    `mutation R($token: String!) { refreshSession(refreshToken: $token) { accessToken } }`,
    { token: analyst.refreshToken },
  );
  analystToken = refreshSession.accessToken;
  student = await platform.signUp('STUDENT', 'Stu Dent');
  instructor = await platform.signUp('INSTRUCTOR', 'Ines Tructor');
  rival = await platform.signUp('INSTRUCTOR', 'Rita Rival');
});
afterAll(async () => {
  stopListening?.();
  await platform?.close();
});

describe('counters', () => {
  const courseId = randomUUID();
  const questId = randomUUID();
  let before: PlatformStatsView;
  let latest: number;

  beforeAll(async () => {
    await settle();
    before = await platformStats();
    const newcomer = randomUUID();
    const enrollment = createEnvelope(
      'ENROLLMENT_CREATED',
      { enrollmentId: randomUUID(), userId: student.id, courseId },
      'courses',
    );
    const facts = { enrollmentId: enrollment.payload.enrollmentId, userId: student.id, courseId };
    const events: EventEnvelope[] = [
      createEnvelope('USER_REGISTERED', { userId: newcomer, displayName: 'Newcomer', role: 'STUDENT' }, 'accounts'),
      createEnvelope(
        'COURSE_PUBLISHED',
        {
          courseId,
          instructorId: instructor.id,
          title: 'Python Basics',
          slug: 'python-basics',
          description: 'Variables, loops and functions.',
          level: 'BEGINNER',
          tags: ['python'],
        },
        'courses',
      ),
      enrollment,
      createEnvelope('LESSON_COMPLETED', { ...facts, lessonId: randomUUID(), progressPercent: 50 }, 'courses'),
      createEnvelope('LESSON_COMPLETED', { ...facts, lessonId: randomUUID(), progressPercent: 100 }, 'courses'),
      createEnvelope('COURSE_COMPLETED', { ...facts, courseTitle: 'Python Basics' }, 'courses'),
      createEnvelope('QUEST_STARTED', { progressId: randomUUID(), userId: student.id, questId, questSlug: 'loops' }, 'quests'),
      questCompleted(student.id, questId, courseId),
      xp(student.id, 50),
      xp(student.id, 25),
      createEnvelope(
        'ACHIEVEMENT_UNLOCKED',
        {
          userId: student.id,
          badgeId: randomUUID(),
          badgeSlug: 'starter',
          badgeName: 'Starter',
          badgeDescription: 'First steps.',
        },
        'gamification',
      ),
    ];
    latest = Date.parse(events.at(-1)!.occurredAt);
    for (const event of events) await publish(event);
    // Duplicates: the same envelopes again, and a replay that skips the bus' duplicate check.
    await publish(events[2]!);
    await publish(events[8]!);
    await platform.runtime.eventBus().publish(events[8]!, { replayFor: 'analytics-store' });
    await settle();
  });

  it("counts each of the learner's events once", async () => {
    const { myStats } = await platform.data<{ myStats: UserStatsView }>(MY_STATS, {}, student.accessToken);
    expect(myStats).toEqual({
      user: { id: student.id },
      questsStarted: 1,
      questsCompleted: 1,
      xpEarned: 75,
      lessonsCompleted: 2,
      coursesCompleted: 1,
      enrollments: 1,
      badgesEarned: 1,
      lastActiveAt: expect.any(String),
    });
    expect(Date.parse(myStats.lastActiveAt!)).toBeGreaterThanOrEqual(latest);
  });

  it('keeps lastActiveAt at the latest event the user acted in, whatever the arrival order', async () => {
    const userId = randomUUID();
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const session = () => randomUUID();
    const events: EventEnvelope[] = [
      { ...createEnvelope('USER_AUTHENTICATED', { userId, sessionId: session() }, 'accounts'), occurredAt: at(30) },
      { ...createEnvelope('USER_AUTHENTICATED', { userId, sessionId: session() }, 'accounts'), occurredAt: at(10) },
      { ...createEnvelope('USER_AUTHENTICATED', { userId, sessionId: session() }, 'accounts'), occurredAt: at(20) },
      // Something that happened to the user, not by them: no activity.
      createEnvelope('NOTIFICATION_CREATED', { notificationId: randomUUID(), userId, kind: 'LEVEL_UP' }, 'notifications'),
    ];
    // The latest first, stored in a batch of its own: the older ones come in a later batch.
    await publish(events[1]!);
    await stored(events[1]!.id);
    for (const event of [events[0]!, events[2]!, events[3]!]) await publish(event);
    await stored(events.at(-1)!.id);
    expect((await userStats(userId)).lastActiveAt).toBe(events[1]!.occurredAt);
  });

  it('counts the course for its instructor, admins and analysts only', async () => {
    const expected = { course: { id: courseId }, enrollments: 1, lessonCompletions: 2, completions: 1, completionRate: 1 };
    for (const token of [instructor.accessToken, analystToken, adminToken]) {
      expect((await platform.data<{ courseStats: unknown }>(COURSE_STATS, { courseId }, token)).courseStats).toEqual(expected);
    }
    expect(errorCode(await platform.gql(COURSE_STATS, { courseId }, rival.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(COURSE_STATS, { courseId }, student.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(COURSE_STATS, { courseId }))).toBe('UNAUTHENTICATED');
  });

  it('reads a course no event mentioned as zeros for staff and as missing for others', async () => {
    const unknown = randomUUID();
    const { courseStats } = await platform.data<{ courseStats: unknown }>(COURSE_STATS, { courseId: unknown }, analystToken);
    expect(courseStats).toEqual({
      course: { id: unknown },
      enrollments: 0,
      lessonCompletions: 0,
      completions: 0,
      completionRate: 0,
    });
    expect(errorCode(await platform.gql(COURSE_STATS, { courseId: unknown }, instructor.accessToken))).toBe('NOT_FOUND');
  });

  it('adds up the public platform figures', async () => {
    const after = await platformStats();
    expect(after).toEqual({
      learners: before.learners + 1,
      questsCompleted: before.questsCompleted + 1,
      xpAwarded: before.xpAwarded + 75,
      coursesPublished: before.coursesPublished + 1,
    });
  });

  it("keeps a course's instructor when later batches about it do not name them", async () => {
    const course = randomUUID();
    const published = createEnvelope(
      'COURSE_PUBLISHED',
      {
        courseId: course,
        instructorId: instructor.id,
        title: 'Data Classes',
        slug: unique('data-classes'),
        description: 'Records in Python.',
        level: 'INTERMEDIATE',
        tags: ['python'],
      },
      'courses',
    );
    await publish(published);
    await stored(published.id);
    const enrolled = createEnvelope(
      'ENROLLMENT_CREATED',
      { enrollmentId: randomUUID(), userId: rival.id, courseId: course },
      'courses',
    );
    await publish(enrolled);
    await stored(enrolled.id);
    const { courseStats } = await platform.data<{ courseStats: { enrollments: number } }>(
      COURSE_STATS,
      { courseId: course },
      instructor.accessToken,
    );
    expect(courseStats.enrollments).toBe(1);
  });

  it("shows a user's figures to themself, admins and analysts", async () => {
    expect((await userStats(student.id, student.accessToken)).xpEarned).toBe(75);
    expect((await userStats(student.id, analystToken)).xpEarned).toBe(75);
    expect((await userStats(student.id, adminToken)).xpEarned).toBe(75);
    expect(errorCode(await platform.gql(USER_STATS, { userId: student.id }, rival.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(USER_STATS, { userId: student.id }))).toBe('UNAUTHENTICATED');
    const nobody = randomUUID();
    expect(await userStats(nobody)).toEqual({
      user: { id: nobody },
      questsStarted: 0,
      questsCompleted: 0,
      xpEarned: 0,
      lessonsCompleted: 0,
      coursesCompleted: 0,
      enrollments: 0,
      badgesEarned: 0,
      lastActiveAt: null,
    });
  });
});

describe('the activity feed', () => {
  it('announces each stored event live, after the commit only', async () => {
    const questId = randomUUID();
    const event = questCompleted(student.id, questId, null);
    // The first delivery fails before its commit: a signal sent from inside the transaction would
    // announce an event that was rolled back (and announce it twice once the retry succeeds).
    const interceptor = (stage: string, consumer: string, delivered: { id: string }, attempt: number) => {
      if (stage === 'before-commit' && consumer === 'analytics-store' && delivered.id === event.id && attempt === 1) {
        throw new Error('crash before the commit');
      }
    };
    const interceptors = deliveryInterceptors(platform.runtime);
    interceptors.push(interceptor);
    try {
      await publish(event);
      await stored(event.id);
    } finally {
      interceptors.splice(interceptors.indexOf(interceptor), 1);
    }
    await settle();
    const announced = signals.filter((entry) => entry.data.id === event.id);
    expect(announced).toHaveLength(1);
    expect(announced[0]!.data).toEqual({ id: event.id, type: 'QUEST_COMPLETED', userId: student.id });
    const lookup = (await announced[0]!.lookup) as { data?: { activityEvent: ActivityView | null }; errors?: unknown };
    expect(lookup.errors).toBeUndefined();
    expect(lookup.data?.activityEvent).toEqual({
      id: event.id,
      type: 'QUEST_COMPLETED',
      occurredAt: event.occurredAt,
      user: { id: student.id },
      quest: { id: questId },
      course: null,
    });
  });

  it('lists recent events, newest first, filtered by catalog names, for admins and analysts', async () => {
    const first = xp(rival.id, 5);
    const second = { ...xp(rival.id, 7), occurredAt: new Date(Date.parse(first.occurredAt) + 1).toISOString() };
    await publish(first);
    await publish(second);
    await stored(second.id);
    for (const token of [adminToken, analystToken]) {
      const { recentActivity } = await platform.data<{ recentActivity: ActivityView[] }>(
        RECENT,
        { first: 2, types: ['XP_AWARDED'] },
        token,
      );
      expect(recentActivity.map((event) => event.id)).toEqual([second.id, first.id]);
    }
    const { recentActivity: mixed } = await platform.data<{ recentActivity: ActivityView[] }>(
      RECENT,
      { first: 100, types: ['XP_AWARDED', 'USER_REGISTERED'] },
      analystToken,
    );
    expect(new Set(mixed.map((event) => event.type))).toEqual(new Set(['XP_AWARDED', 'USER_REGISTERED']));
    const times = mixed.map((event) => Date.parse(event.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const unknownType = await platform.gql(RECENT, { types: ['XP_AWARDED', 'NOT_AN_EVENT'] }, adminToken);
    expect(errorCode(unknownType)).toBe('BAD_USER_INPUT');
    expect(unknownType.errors?.[0]?.message).toContain('NOT_AN_EVENT');
    expect(errorCode(await platform.gql(RECENT, { first: 101 }, adminToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(RECENT, { first: 0 }, adminToken))).toBe('BAD_USER_INPUT');
  });

  it('keeps the event store from students', async () => {
    const event = xp(student.id, 3);
    await publish(event);
    await stored(event.id, analystToken);
    expect(errorCode(await platform.gql(ACTIVITY_EVENT, { id: event.id }, student.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(RECENT, {}, student.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(RECENT, {}))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(ACTIVITY_EVENT, { id: randomUUID() }, adminToken))).toBe('NOT_FOUND');
  });
});

describe('dead letters', () => {
  const learner = randomUUID();
  let poison: EventEnvelope;
  let failing: EventEnvelope<'XP_AWARDED'>;
  let earlier: number;
  let earlierOfStore: number;

  // Dead letters of earlier test files stay in the database; count from here.
  beforeAll(async () => {
    earlier = (await deadLetters()).totalCount;
    earlierOfStore = (await deadLetters({ consumer: 'analytics-store' })).totalCount;
  });

  it('dead-letters a malformed event and keeps storing the ones after it', async () => {
    const valid = questCompleted(learner, randomUUID(), null);
    poison = { ...valid, payload: { ...valid.payload, score: 'abc' } } as unknown as EventEnvelope;
    const next = xp(learner, 10);
    await publish(poison);
    await publish(next);
    await stored(next.id);
    expect(errorCode(await platform.gql(ACTIVITY_EVENT, { id: poison.id }, adminToken))).toBe('NOT_FOUND');

    const letter = await deadLetterOf(poison.id);
    expect(letter).toMatchObject({ consumer: 'analytics-store', eventName: 'QUEST_COMPLETED', attempts: 1, replayedAt: null });
    expect(letter.reason).toContain('score');
    expect(Date.parse(letter.failedAt)).not.toBeNaN();
  });

  it('dead-letters an event whose handling keeps failing, after EVENT_MAX_ATTEMPTS, while its batch is stored once', async () => {
    failing = xp(learner, 30);
    // Published back to back, the three arrive in one batch: the batch fails, then each event is
    // handled alone, so the two good ones are stored (once) while the failing one is retried.
    const neighbour = randomUUID();
    const around = [xp(neighbour, 5), xp(neighbour, 7)];
    const interceptor = (stage: string, consumer: string, event: { id: string }) => {
      if (stage === 'before-commit' && consumer === 'analytics-store' && event.id === failing.id) {
        throw new Error('simulated outage of the analytics store');
      }
    };
    const interceptors = deliveryInterceptors(platform.runtime);
    interceptors.push(interceptor);
    try {
      await publish(around[0]!);
      await publish(failing);
      await publish(around[1]!);
      const letter = await deadLetterOf(failing.id);
      expect(letter).toMatchObject({
        consumer: 'analytics-store',
        eventName: 'XP_AWARDED',
        attempts: 2,
        reason: 'simulated outage of the analytics store',
      });
    } finally {
      interceptors.splice(interceptors.indexOf(interceptor), 1);
    }
    expect(errorCode(await platform.gql(ACTIVITY_EVENT, { id: failing.id }, adminToken))).toBe('NOT_FOUND');
    expect((await userStats(learner)).xpEarned).toBe(10);
    await stored(around[1]!.id);
    expect((await userStats(neighbour)).xpEarned).toBe(12);
  });

  it('lists dead letters newest first, by consumer, for admins only', async () => {
    const firstPage = await deadLetters({ first: 1 });
    expect(firstPage.totalCount).toBe(earlier + 2);
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    expect(firstPage.edges[0]!.node.eventId).toBe(failing.id);
    const secondPage = await deadLetters({ first: 1, after: firstPage.pageInfo.endCursor });
    expect(secondPage.edges.map((edge) => edge.node.eventId)).toEqual([poison.id]);
    // Earlier dead letters (other test files share the database) come after ours.
    expect(secondPage.pageInfo.hasNextPage).toBe(earlier > 0);

    expect((await deadLetters({ consumer: 'analytics-store' })).totalCount).toBe(earlierOfStore + 2);
    expect((await deadLetters({ consumer: 'someone-else' })).totalCount).toBe(0);
    expect(errorCode(await platform.gql(DEAD_LETTERS, {}, analystToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(DEAD_LETTERS, {}, student.accessToken))).toBe('FORBIDDEN');
  });

  it('replays a failed event to its consumer, which stores it exactly once', async () => {
    const letter = await deadLetterOf(failing.id);
    expect(errorCode(await platform.gql(REPLAY, { id: letter.id }, analystToken))).toBe('FORBIDDEN');
    const { replayDeadLetter } = await platform.data<{ replayDeadLetter: { id: string; replayedAt: string } }>(
      REPLAY,
      { id: letter.id },
      adminToken,
    );
    expect(replayDeadLetter.id).toBe(letter.id);
    expect(Date.parse(replayDeadLetter.replayedAt)).not.toBeNaN();
    const event = await stored(failing.id);
    expect(event).toMatchObject({ type: 'XP_AWARDED', user: { id: learner } });

    // Replayed again: the consumer's inbox makes it a no-op.
    await platform.data(REPLAY, { id: letter.id }, adminToken);
    const barrier = xp(learner, 1);
    await publish(barrier);
    await stored(barrier.id);
    expect((await userStats(learner)).xpEarned).toBe(10 + 30 + 1);
    const { recentActivity } = await platform.data<{ recentActivity: ActivityView[] }>(
      RECENT,
      { first: 100, types: ['XP_AWARDED'] },
      adminToken,
    );
    expect(recentActivity.filter((entry) => entry.id === failing.id)).toHaveLength(1);
    expect((await deadLetterOf(failing.id)).replayedAt).not.toBeNull();
  });

  it('refuses to replay an event that would fail its checks again, or one that does not exist', async () => {
    const letter = await deadLetterOf(poison.id);
    const result = await platform.gql(REPLAY, { id: letter.id }, adminToken);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/cannot be replayed: invalid QUEST_COMPLETED payload: score/);
    expect((await deadLetterOf(poison.id)).replayedAt).toBeNull();
    expect(errorCode(await platform.gql(REPLAY, { id: randomUUID() }, adminToken))).toBe('NOT_FOUND');
  });
});

describe('an event published at the previous version', () => {
  it('reaches consumers upgraded to the current one: a v1 COURSE_PUBLISHED in JetStream while v2 is current', async () => {
    expect(platform.runtime.eventBus().kind).toBe('jetstream');
    const db = new PrismaClient({
      adapter: postgresAdapter(subgraphDatabaseUrl(platform.runtime.env.DATABASE_URL!, 'analytics'), 2),
    });
    // A consumer of its own beside analytics-store, to see exactly what a handler is given.
    const handled: Array<EventOf<'COURSE_PUBLISHED'>> = [];
    const consumer = startConsumer(
      {
        name: `analytics-test-upgrades-${randomUUID().slice(0, 8)}`,
        events: ['COURSE_PUBLISHED'],
        async handle(event) {
          handled.push(event);
        },
      },
      db,
      {
        bus: platform.runtime.eventBus(),
        logger: platform.runtime.logger,
        maxAttempts: 2,
        retryBaseMs: 50,
        interceptors: [],
        publishCommitted: () => undefined,
        observe: () => undefined,
      },
    );
    try {
      const payload = { courseId: randomUUID(), instructorId: instructor.id, title: 'Legacy Python', slug: 'legacy-python' };
      // As a courses replica still running the previous release publishes it.
      const v1 = {
        id: randomUUID(),
        name: 'COURSE_PUBLISHED',
        version: 1,
        source: 'courses',
        occurredAt: new Date().toISOString(),
        payload,
      };
      await publish(v1 as unknown as EventEnvelope);

      const upgraded = { ...v1, version: 2, payload: { ...payload, description: null, level: null, tags: [] } };
      await eventually(async () => (handled.some((event) => event.id === v1.id) ? true : undefined), 10_000, 'v1 handled');
      // A new durable reads the stream from its start: the earlier (v2) publication is there too, and nothing else.
      expect(handled.filter((event) => event.id === v1.id)).toEqual([upgraded]);
      expect(handled.every((event) => event.name === 'COURSE_PUBLISHED' && event.version === 2)).toBe(true);
      // analytics-store took it the same way: stored at v2, its course facts recorded.
      expect(await stored(v1.id)).toMatchObject({ type: 'COURSE_PUBLISHED', user: { id: instructor.id } });
      expect(await db.analyticsEvent.findUniqueOrThrow({ where: { id: v1.id } })).toMatchObject({
        version: 2,
        payload: upgraded.payload,
      });
      expect(await db.courseActivity.findUniqueOrThrow({ where: { courseId: payload.courseId } })).toMatchObject({
        instructorId: instructor.id,
        title: 'Legacy Python',
      });
    } finally {
      await consumer.stop();
      await db.$disconnect();
    }
  });

  it('dead-letters a version the contract does not list', async () => {
    const future = { ...createEnvelope('USER_AUTHENTICATED', { userId: randomUUID(), sessionId: randomUUID() }, 'accounts') };
    await publish({ ...future, version: 7 });
    const letter = await deadLetterOf(future.id);
    expect(letter).toMatchObject({ consumer: 'analytics-store', eventName: 'USER_AUTHENTICATED' });
    expect(letter.reason).toMatch(/USER_AUTHENTICATED version 7 is not supported \(supported: 1\)/);
  });
});
