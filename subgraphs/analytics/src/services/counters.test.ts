import { describe, expect, it } from '@jest/globals';
import { EVENT_NAMES, type EventPayload } from '#platform/events/catalog.ts';
import { createEnvelope } from '#platform/events/envelope.ts';
import { changesFor, subjectsOf } from './counters.ts';

const published = () =>
  createEnvelope(
    'COURSE_PUBLISHED',
    { courseId: 'c1', instructorId: 'i1', title: 'T', slug: 't', description: 'D', level: 'BEGINNER', tags: ['python'] },
    'courses',
  );

describe('subjectsOf', () => {
  it('pulls the user, course and quest out of a payload', () => {
    const event = createEnvelope(
      'QUEST_COMPLETED',
      {
        progressId: 'p1',
        userId: 'u1',
        questId: 'q1',
        questSlug: 'loops',
        questTitle: 'Loops',
        score: 90,
        xpAwarded: 50,
        firstCompletion: true,
        courseId: null,
      },
      'quests',
    );
    expect(subjectsOf(event)).toEqual({ userId: 'u1', courseId: null, questId: 'q1' });
  });

  it('takes the instructor as the user of a publication', () => {
    const event = published();
    expect(subjectsOf(event)).toEqual({ userId: 'i1', courseId: 'c1', questId: null });
  });

  it('takes whoever cancelled a booking as its user, else the learner who booked', () => {
    const booking = {
      bookingId: 'b1',
      slotId: 's1',
      studentId: 'u1',
      instructorId: 'i1',
      startsAt: '2026-12-02T10:00:00.000Z',
      endsAt: '2026-12-02T10:30:00.000Z',
      topic: null,
    };
    const confirmed = createEnvelope('BOOKING_CONFIRMED', { ...booking, meetingUrl: 'https://meet.example/x' }, 'bookings');
    expect(subjectsOf(confirmed).userId).toBe('u1');
    const cancelled = createEnvelope(
      'BOOKING_CANCELLED',
      { ...booking, cancelledById: 'i1', cancelledBy: 'INSTRUCTOR', reason: null },
      'bookings',
    );
    expect(subjectsOf(cancelled).userId).toBe('i1');
  });

  it('does not count a promotion from a webinar waiting list as the learner acting', () => {
    const registration = {
      webinarId: 'w1',
      hostId: 'h1',
      courseId: null,
      title: 'Live',
      startsAt: '2026-12-02T10:00:00.000Z',
      durationMinutes: 60,
      registrationId: 'r1',
      userId: 'u1',
      status: 'REGISTERED' as const,
    };
    expect(changesFor(createEnvelope('WEBINAR_REGISTERED', { ...registration, promoted: false }, 'webinars')).userActive).toBe(
      true,
    );
    expect(changesFor(createEnvelope('WEBINAR_REGISTERED', { ...registration, promoted: true }, 'webinars')).userActive).toBe(
      false,
    );
  });
});

describe('changesFor', () => {
  it('adds the awarded XP to the user and to the platform', () => {
    const event = createEnvelope(
      'XP_AWARDED',
      { userId: 'u1', amount: 40, totalXp: 140, reason: 'QUEST_COMPLETED', sourceEventId: 'e1', courseId: null },
      'gamification',
    );
    expect(changesFor(event)).toEqual({ userActive: true, user: { xpEarned: 40 }, course: {}, platform: { xpAwarded: 40 } });
  });

  it('records the instructor and title of a published course', () => {
    const event = published();
    expect(changesFor(event)).toMatchObject({
      courseFacts: { instructorId: 'i1', title: 'T' },
      platform: { coursesPublished: 1 },
    });
  });

  it('does not count a notification as the user being active', () => {
    const event = createEnvelope(
      'NOTIFICATION_CREATED',
      { notificationId: 'n1', userId: 'u1', kind: 'LEVEL_UP' },
      'notifications',
    );
    expect(changesFor(event).userActive).toBe(false);
  });

  it('counts graded quiz attempts and their scores for the learner and the course, and first passes', () => {
    const facts = { attemptId: 'a1', userId: 'u1', quizId: 'z1', courseId: 'c1', score: 80, attemptNumber: 1 };
    const submitted = createEnvelope('QUIZ_SUBMITTED', { ...facts, passed: true, expired: false }, 'quizzes');
    expect(changesFor(submitted)).toEqual({
      userActive: true,
      user: { quizAttempts: 1, quizScoreTotal: 80 },
      course: { quizAttempts: 1, quizScoreTotal: 80 },
      platform: {},
    });
    expect(subjectsOf(submitted)).toEqual({ userId: 'u1', courseId: 'c1', questId: null });
    const expired = createEnvelope('QUIZ_SUBMITTED', { ...facts, score: 20, passed: false, expired: true }, 'quizzes');
    expect(changesFor(expired)).toMatchObject({ userActive: false, user: { quizAttempts: 1, quizScoreTotal: 20 } });
    const passed = createEnvelope('QUIZ_PASSED', { ...facts, quizTitle: 'Q', required: true }, 'quizzes');
    expect(changesFor(passed)).toEqual({
      userActive: false,
      user: { quizzesPassed: 1 },
      course: { quizzesPassed: 1 },
      platform: {},
    });
  });

  it('counts nothing for content events, which concern no learner', () => {
    const lesson: EventPayload<'LESSON_PUBLISHED'> = {
      lessonId: 'l1',
      courseId: 'c1',
      moduleId: 'm1',
      moduleTitle: 'M',
      title: 'L',
      content: '# L',
      position: 1,
      modulePosition: 1,
      courseTitle: 'T',
      courseSlug: 't',
      level: 'BEGINNER',
      tags: [],
    };
    const events = [
      createEnvelope('LESSON_PUBLISHED', lesson, 'courses'),
      createEnvelope('LESSON_UPDATED', lesson, 'courses'),
      createEnvelope('COURSE_UNPUBLISHED', { courseId: 'c1' }, 'courses'),
    ];
    for (const event of events) {
      expect(changesFor(event)).toEqual({ userActive: true, user: {}, course: {}, platform: {} });
      expect(subjectsOf(event)).toEqual({ userId: null, courseId: 'c1', questId: null });
    }
  });

  it('gives every catalog event a meaning', () => {
    const meaningless = EVENT_NAMES.filter((name) => {
      try {
        changesFor({ name, payload: { amount: 1 } } as never);
        return false;
      } catch {
        return true;
      }
    });
    expect(meaningless).toEqual([]);
  });
});
