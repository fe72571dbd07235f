import { describe, expect, it } from '@jest/globals';
import { createEnvelope } from '#platform/events/envelope.ts';
import { COURSE_XP, LESSON_XP, progressOf, QUIZ_XP, WEBINAR_XP } from './xp.ts';

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
      quizAce: false,
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

  it('gives fixed XP for a first quiz pass, and notes an ace: 100 on the first attempt', () => {
    const facts = { attemptId: 'a1', userId: 'u1', quizId: 'z1', courseId: 'c1', quizTitle: 'Loops quiz', required: false };
    const aced = progressOf(createEnvelope('QUIZ_PASSED', { ...facts, score: 100, attemptNumber: 1 }, 'quizzes'));
    expect(aced).toMatchObject({
      xp: QUIZ_XP,
      reason: 'QUIZ_PASSED',
      courseId: 'c1',
      quizAce: true,
      firstQuestCompletion: false,
    });
    expect(progressOf(createEnvelope('QUIZ_PASSED', { ...facts, score: 100, attemptNumber: 2 }, 'quizzes')).quizAce).toBe(false);
    expect(progressOf(createEnvelope('QUIZ_PASSED', { ...facts, score: 90, attemptNumber: 1 }, 'quizzes'))).toMatchObject({
      xp: QUIZ_XP,
      quizAce: false,
    });
  });

  it('gives fixed XP for a webinar attended, on its course when it has one', () => {
    const facts = {
      webinarId: 'w1',
      hostId: 'h1',
      title: 'Live: generators',
      startsAt: '2026-12-10T18:00:00.000Z',
      durationMinutes: 60,
      userId: 'u1',
    };
    const none = {
      firstQuestCompletion: false,
      perfectQuestId: null,
      lessonCompleted: false,
      courseCompleted: false,
      quizAce: false,
    };
    expect(progressOf(createEnvelope('WEBINAR_ATTENDED', { ...facts, courseId: 'c1' }, 'webinars'))).toMatchObject({
      userId: 'u1',
      xp: WEBINAR_XP,
      reason: 'WEBINAR_ATTENDED',
      courseId: 'c1',
      ...none,
    });
    expect(progressOf(createEnvelope('WEBINAR_ATTENDED', { ...facts, courseId: null }, 'webinars')).courseId).toBeNull();
  });
});
