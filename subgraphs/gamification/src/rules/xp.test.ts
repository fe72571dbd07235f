import { describe, expect, it } from '@jest/globals';
import { createEnvelope } from '#platform/events/envelope.ts';
import { COURSE_XP, LESSON_XP, progressOf } from './xp.ts';

const questPayload = {
  progressId: 'p1',
  userId: 'u1',
  questId: 'q1',
  questSlug: 'loops',
  questTitle: 'Loops',
  score: 100,
  xpAwarded: 150,
  firstCompletion: true,
  courseId: 'c1',
};

describe('progressOf', () => {
  it('takes a quest XP from the event, and its course', () => {
    const event = createEnvelope('QUEST_COMPLETED', questPayload, 'quests');
    expect(progressOf(event)).toEqual({
      userId: 'u1',
      xp: 150,
      reason: 'QUEST_COMPLETED',
      courseId: 'c1',
      occurredAt: new Date(event.occurredAt),
      firstQuestCompletion: true,
      perfectQuestId: 'q1',
      lessonCompleted: false,
      courseCompleted: false,
    });
  });

  it('gives nothing for a repeated quest and notes only scores of 100 as perfect', () => {
    const repeat = progressOf(
      createEnvelope(
        'QUEST_COMPLETED',
        { ...questPayload, score: 90, xpAwarded: 0, firstCompletion: false, courseId: null },
        'quests',
      ),
    );
    expect(repeat).toMatchObject({ xp: 0, firstQuestCompletion: false, perfectQuestId: null, courseId: null });
  });

  it('gives fixed amounts for lessons and courses', () => {
    const facts = { enrollmentId: 'e1', userId: 'u1', courseId: 'c1' };
    expect(
      progressOf(createEnvelope('LESSON_COMPLETED', { ...facts, lessonId: 'l1', progressPercent: 50 }, 'courses')),
    ).toMatchObject({
      xp: LESSON_XP,
      lessonCompleted: true,
      courseId: 'c1',
    });
    expect(progressOf(createEnvelope('COURSE_COMPLETED', { ...facts, courseTitle: 'Loops' }, 'courses'))).toMatchObject({
      xp: COURSE_XP,
      courseCompleted: true,
    });
  });
});
