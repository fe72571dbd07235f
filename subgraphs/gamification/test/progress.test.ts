/**
 * XP, levels and badges from learning events, end to end: envelopes published on the bus (as the
 * quests and courses subgraphs do), effects read through the gateway, follow-up events on the bus.
 * Also the delivery guarantees as gamification relies on them: duplicates, crashes before the
 * commit and before the ack, invalid payloads.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { consumeEach, type DeadLetterRecord } from '#platform/events/bus.ts';
import type { EventEnvelope } from '#platform/events/envelope.ts';
import { deliveryInterceptors } from '#platform/events/subgraph-events.ts';
import { eventually, startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import { COURSE_XP, LESSON_XP, QUIZ_XP } from '../src/rules/xp.ts';
import {
  courseCompleted,
  gamification,
  learner,
  learnerWhen,
  lessonCompleted,
  openGamificationDb,
  publish,
  questCompleted,
  quizPassed,
  recordBus,
} from './support.ts';

const CONSUMER = 'gamification-progress';

let platform: TestStack;
let bus: ReturnType<typeof recordBus>;

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'gamification'] });
  bus = recordBus(platform);
});
afterAll(async () => {
  bus?.stop();
  await platform?.close();
});

describe('a learner earning XP', () => {
  let student: TestUser;

  beforeAll(async () => {
    student = await platform.signUp('STUDENT', 'Quinn Quester');
  });

  it('starts with no XP, level 1, no streak, two freezes and no badges', async () => {
    expect(await learner(platform, student.id)).toEqual({
      id: student.id,
      xp: 0,
      level: 1,
      nextLevelXp: 100,
      streak: { current: 0, longest: 0, freezesLeft: 2, lastActiveDay: null },
      badges: [],
    });
  });

  it('gets the XP of a first quest, a level, a streak day and the first-quest badge', async () => {
    const event = questCompleted(student.id, { xp: 150, score: 80 });
    await publish(platform, event);
    // xp and badges are read by two statements: a read while the event commits may see one without
    // the other (a CI run saw the XP and no badge). Wait for both.
    const fields = await learnerWhen(
      platform,
      student.id,
      (user) => user.xp > 0 && user.badges.length > 0,
      'XP and badge of the first quest',
    );
    expect(fields).toMatchObject({
      xp: 150,
      level: 2,
      nextLevelXp: 300,
      streak: { current: 1, longest: 1, freezesLeft: 2, lastActiveDay: event.occurredAt.slice(0, 10) },
    });
    expect(fields.badges.map(({ slug, name }) => ({ slug, name }))).toEqual([{ slug: 'first-quest', name: 'First Quest' }]);

    // The follow-up events, for notifications and analytics.
    const announced = await eventually(async () => {
      const [xp, level, badge] = [
        bus.events('XP_AWARDED', student.id),
        bus.events('LEVEL_REACHED', student.id),
        bus.events('ACHIEVEMENT_UNLOCKED', student.id),
      ];
      return xp.length && level.length && badge.length ? { xp, level, badge } : undefined;
    });
    expect(announced.xp.map((published) => published.payload)).toEqual([
      {
        userId: student.id,
        amount: 150,
        totalXp: 150,
        reason: 'QUEST_COMPLETED',
        sourceEventId: event.id,
        courseId: null,
      },
    ]);
    expect(announced.level.map((published) => published.payload)).toEqual([{ userId: student.id, level: 2, totalXp: 150 }]);
    expect(announced.badge.map((published) => published.payload)).toEqual([
      {
        userId: student.id,
        badgeId: fields.badges[0]!.id,
        badgeSlug: 'first-quest',
        badgeName: 'First Quest',
        badgeDescription: fields.badges[0]!.description,
      },
    ]);
    expect(announced.xp[0]!.source).toBe('gamification');
  });

  it('gives nothing for a repeated quest (0 XP) but counts a first perfect score on it', async () => {
    const before = await learner(platform, student.id);
    await publish(platform, questCompleted(student.id, { xp: 0, score: 100, firstCompletion: false }));
    const after = await learnerWhen(platform, student.id, (user) => user.badges.length === 2, 'perfect-score badge');
    expect(after.badges.map((badge) => badge.slug)).toEqual(['first-quest', 'perfect-score']);
    expect(after.xp).toBe(before.xp);
    expect(after.streak).toEqual(before.streak);
    expect(bus.events('XP_AWARDED', student.id)).toHaveLength(1);
  });

  it('gives fixed XP for lessons and course completions', async () => {
    const courseId = 'course-python-basics';
    await publish(platform, lessonCompleted(student.id, courseId));
    await publish(platform, courseCompleted(student.id, courseId));
    // xp and badges are read by separate statements: a read between them may see the badge but
    // not yet the XP of the same commit. Wait for both; the exact total still catches a double award.
    const fields = await learnerWhen(
      platform,
      student.id,
      (user) => user.badges.some((badge) => badge.slug === 'first-course') && user.xp >= 150 + LESSON_XP + COURSE_XP,
    );
    expect(fields.xp).toBe(150 + LESSON_XP + COURSE_XP);
    const courseBoard = await gamification(platform).leaderboards.top({ scope: 'COURSE', courseId });
    expect(courseBoard).toEqual([{ rank: 1, xp: LESSON_XP + COURSE_XP, user: { id: student.id } }]);
  });

  it('gives fixed XP for a first quiz pass, and quiz-ace for 100 on a first attempt only', async () => {
    const learnerId = (await platform.signUp('STUDENT', 'Quinta Quiz')).id;
    await publish(platform, quizPassed(learnerId, 'course-quizzes', 100, 2));
    const retried = await learnerWhen(platform, learnerId, (user) => user.xp === QUIZ_XP, 'XP of a quiz passed');
    expect(retried.badges).toEqual([]);
    await publish(platform, quizPassed(learnerId, 'course-quizzes', 100, 1));
    const aced = await learnerWhen(platform, learnerId, (user) => user.badges.length > 0 && user.xp > QUIZ_XP, 'quiz-ace');
    expect(aced.xp).toBe(2 * QUIZ_XP);
    expect(aced.badges.map(({ slug, name }) => ({ slug, name }))).toEqual([{ slug: 'quiz-ace', name: 'Quiz Ace' }]);
    const xp = await eventually(async () => {
      const awarded = bus.events('XP_AWARDED', learnerId);
      return awarded.length === 2 ? awarded : undefined;
    });
    expect(xp.map((event) => event.payload.reason)).toEqual(['QUIZ_PASSED', 'QUIZ_PASSED']);
  });

  it('awards five-quests and level-5 as soon as they are reached, once', async () => {
    const learnerId = (await platform.signUp('STUDENT', 'Fiona Five')).id;
    for (const xp of [100, 200, 300, 350]) await publish(platform, questCompleted(learnerId, { xp }));
    const four = await learnerWhen(platform, learnerId, (user) => user.xp === 950);
    expect(four.level).toBe(4);
    expect(four.badges.map((badge) => badge.slug)).toEqual(['first-quest']);

    await publish(platform, questCompleted(learnerId, { xp: 50 }));
    const five = await learnerWhen(platform, learnerId, (user) => user.xp >= 1_000 && user.badges.length > 1);
    expect(five).toMatchObject({ xp: 1_000, level: 5, nextLevelXp: 1_500 });
    expect(five.badges.map((badge) => badge.slug)).toEqual(['first-quest', 'five-quests', 'level-5']);
    await eventually(async () => (bus.events('ACHIEVEMENT_UNLOCKED', learnerId).length === 3 ? true : undefined));
    expect(bus.events('ACHIEVEMENT_UNLOCKED', learnerId).map((event) => event.payload.badgeSlug)).toEqual([
      'first-quest',
      'five-quests',
      'level-5',
    ]);
    expect(bus.events('LEVEL_REACHED', learnerId).map((event) => event.payload.level)).toEqual([2, 3, 4, 5]);
  });
});

describe("badges by reference (a notification's `badge`)", () => {
  it('resolves current definitions and retired ones, which stay for their awards', async () => {
    const db = openGamificationDb(platform, 1);
    try {
      const retired = await db.badge.create({
        data: {
          slug: `retired-${Date.now()}`,
          name: 'Old Timer',
          description: 'Retired.',
          rule: 'QUESTS_COMPLETED',
          threshold: 99,
          position: 99,
        },
      });
      const { badges } = gamification(platform);
      const firstQuest = (await badges.list()).find((badge) => badge.slug === 'first-quest')!;
      const found = await badges.byIds([retired.id, firstQuest.id, 'no-such-badge']);
      expect(found.map((badge) => badge.name).sort()).toEqual(['First Quest', 'Old Timer']);
    } finally {
      await db.$disconnect();
    }
  });
});

describe('delivery guarantees', () => {
  it('counts an envelope published twice once (the inbox)', async () => {
    const student = await platform.signUp();
    const event = questCompleted(student.id, { xp: 70 });
    await publish(platform, event);
    await publish(platform, { ...event });
    // A different event after both: once it is counted, the duplicate was handled (or dropped) before it.
    await publish(platform, questCompleted(student.id, { xp: 5 }));
    const fields = await learnerWhen(platform, student.id, (user) => user.xp >= 75);
    expect(fields.xp).toBe(75);
    expect(bus.events('XP_AWARDED', student.id).filter((xp) => xp.payload.sourceEventId === event.id)).toHaveLength(1);
  });

  it.each(['before-commit', 'before-ack'] as const)(
    'has one effect when a delivery fails %s and is redelivered',
    async (stage) => {
      const student = await platform.signUp();
      const event = questCompleted(student.id, { xp: 40 });
      // Every stage each delivery of this event reaches; before-commit runs only when the handler ran.
      const stages: string[] = [];
      const interceptors = deliveryInterceptors(platform.runtime);
      const interceptor = (at: string, consumer: string, delivered: EventEnvelope, attempt: number) => {
        if (consumer !== CONSUMER || delivered.id !== event.id) return;
        stages.push(`${at}#${attempt}`);
        if (at === stage && attempt === 1) throw new Error(`simulated crash ${stage}`);
      };
      interceptors.push(interceptor);
      try {
        await publish(platform, event);
        await eventually(async () => (stages.includes('before-ack#2') ? true : undefined), 10_000, 'the redelivery');
        await publish(platform, questCompleted(student.id, { xp: 2 }));
        const fields = await learnerWhen(platform, student.id, (user) => user.xp >= 42);
        expect(fields.xp).toBe(42);
        expect(fields.badges.map((badge) => badge.slug)).toEqual(['first-quest']);
        // before-commit: rolled back, handled again on the 2nd delivery. before-ack: committed on the
        // 1st; the 2nd finds the inbox row and does not run the handler.
        expect(stages).toEqual(
          stage === 'before-commit'
            ? ['before-commit#1', 'before-commit#2', 'before-ack#2']
            : ['before-commit#1', 'before-ack#1', 'before-ack#2'],
        );
        await eventually(async () => (bus.events('XP_AWARDED', student.id).length === 2 ? true : undefined));
        expect(bus.events('XP_AWARDED', student.id).filter((xp) => xp.payload.sourceEventId === event.id)).toHaveLength(1);
        expect(bus.events('ACHIEVEMENT_UNLOCKED', student.id)).toHaveLength(1);
      } finally {
        interceptors.splice(interceptors.indexOf(interceptor), 1);
      }
    },
  );

  it('dead-letters an invalid event and keeps processing the ones after it', async () => {
    const student = await platform.signUp();
    const records: DeadLetterRecord[] = [];
    const reader = consumeEach(platform.runtime.eventBus(), 'dead-letters', 'test-dlq-reader', async (delivery) => {
      records.push(delivery.data as DeadLetterRecord);
      delivery.ack();
    });
    try {
      const valid = questCompleted(student.id, { xp: 30 });
      const invalid = { ...valid, id: `${valid.id}-bad`, payload: { ...valid.payload, xpAwarded: -500 } };
      await publish(platform, invalid as EventEnvelope);
      await publish(platform, valid);
      const fields = await learnerWhen(platform, student.id, (user) => user.xp > 0);
      expect(fields.xp).toBe(30);
      const record = await eventually(async () =>
        records.find((candidate) => candidate.consumer === CONSUMER && (candidate.event as { id: string }).id === invalid.id),
      );
      expect(record.reason).toMatch(/invalid QUEST_COMPLETED payload: xpAwarded/);
      expect(record.attempts).toBe(1);
    } finally {
      await reader.stop();
    }
  });

  it('serialises concurrent transactions of one learner on their stats row (no lost update)', async () => {
    // Replicas handle events in parallel; here 12 transactions of one learner run at once.
    const student = await platform.signUp();
    const db = openGamificationDb(platform, 8);
    try {
      const events = Array.from({ length: 12 }, (_, index) => questCompleted(student.id, { xp: index + 1 }));
      await Promise.all(events.map((event) => db.$transaction((tx) => gamification(platform).progress.record(tx, event))));
      const stats = await db.learnerStats.findUniqueOrThrow({ where: { userId: student.id } });
      expect(stats).toMatchObject({ totalXp: 78, questsCompleted: 12, currentStreak: 1 });
      const awards = await db.badgeAward.findMany({ where: { userId: student.id }, include: { badge: true } });
      expect(awards.map((award) => award.badge.slug).sort()).toEqual(['first-quest', 'five-quests']);
      expect(await db.xpLedgerEntry.count({ where: { userId: student.id } })).toBe(12);
    } finally {
      await db.$disconnect();
    }
    expect((await learner(platform, student.id)).xp).toBe(78);
  });
});

describe('badges', () => {
  it('lists every badge to earn, in display order', async () => {
    const { badges } = await platform.data<{ badges: Array<{ slug: string; name: string; description: string }> }>(
      '{ badges { id slug name description } }',
    );
    expect(badges.map((badge) => badge.slug)).toEqual([
      'first-quest',
      'five-quests',
      'perfect-score',
      'streak-7',
      'level-5',
      'first-course',
      'ten-lessons',
      'quiz-ace',
    ]);
    expect(badges[0]).toMatchObject({ name: 'First Quest' });
  });

  it('resolves Badge entities by id for other subgraphs, in one batch', async () => {
    const { badges } = await platform.data<{ badges: Array<{ id: string; slug: string }> }>('{ badges { id slug } }');
    const representations = [...badges.map(({ id }) => ({ __typename: 'Badge', id })), { __typename: 'Badge', id: 'missing' }];
    const resolve = async () => {
      const before = platform.statements().gamification!;
      const body = await platform.subgraphGql<{ _entities: Array<{ slug: string } | null> }>(
        'gamification',
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Badge { id slug name } } }',
        { r: representations },
      );
      return {
        slugs: body.data!._entities.map((entity) => entity?.slug ?? null),
        statements: platform.statements().gamification! - before,
      };
    };
    const run = await resolve();
    expect(run.slugs).toEqual([...badges.map((badge) => badge.slug), null]);
    expect(run.statements).toBe(1);
  });
});
