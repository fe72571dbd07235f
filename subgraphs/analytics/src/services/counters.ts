/**
 * What each catalog event means for the counters: pure, so every event's effect is unit-tested.
 * The switch is exhaustive: a new catalog event does not compile until it is given a meaning here.
 */
import type { AnyEvent } from '#platform/events/envelope.ts';

export const PLATFORM_FIGURES = ['learners', 'questsCompleted', 'xpAwarded', 'coursesPublished'] as const;
export type PlatformFigure = (typeof PLATFORM_FIGURES)[number];

/** Graded quiz attempts, first passes, and the sum of the attempts' scores (for their average). */
type QuizCounter = 'quizAttempts' | 'quizzesPassed' | 'quizScoreTotal';
export type UserCounter =
  | 'questsStarted'
  | 'questsCompleted'
  | 'xpEarned'
  | 'lessonsCompleted'
  | 'coursesCompleted'
  | 'enrollments'
  | 'badgesEarned'
  | QuizCounter;
export type CourseCounter = 'enrollments' | 'lessonCompletions' | 'completions' | QuizCounter;

/** The entities an event is about, as stored with it. */
export interface Subjects {
  /** The user who acted: the learner, or the instructor who created or published a course. */
  userId: string | null;
  courseId: string | null;
  questId: string | null;
}

export interface CounterChanges {
  /** False when the event happened to the user rather than by them (it leaves lastActiveAt alone). */
  userActive: boolean;
  user: Partial<Record<UserCounter, number>>;
  course: Partial<Record<CourseCounter, number>>;
  /** Facts about the course only its publication tells. */
  courseFacts?: { instructorId: string; title: string };
  platform: Partial<Record<PlatformFigure, number>>;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export function subjectsOf(event: AnyEvent): Subjects {
  const payload: Record<string, unknown> = event.payload;
  return {
    // Who acted: the user named, the author, who cancelled, the booking learner, else the instructor or host.
    userId:
      text(payload.userId) ??
      text(payload.authorId) ??
      text(payload.cancelledById) ??
      text(payload.studentId) ??
      text(payload.instructorId) ??
      text(payload.hostId),
    courseId: text(payload.courseId),
    questId: text(payload.questId),
  };
}

const only = (changes: Partial<CounterChanges> = {}): CounterChanges => ({
  userActive: true,
  user: {},
  course: {},
  platform: {},
  ...changes,
});

export function changesFor(event: AnyEvent): CounterChanges {
  switch (event.name) {
    case 'USER_REGISTERED':
      return only({ platform: { learners: 1 } });
    case 'COURSE_CREATED':
    case 'LESSON_ADDED':
    case 'COURSE_UPDATED':
    case 'COURSE_UNPUBLISHED':
    case 'LESSON_PUBLISHED':
    case 'LESSON_UPDATED':
    case 'QUEST_CREATED':
    case 'USER_AUTHENTICATED':
    case 'PROFILE_UPDATED':
    case 'LEVEL_REACHED':
      return only();
    case 'COURSE_PUBLISHED':
      return only({
        courseFacts: { instructorId: event.payload.instructorId, title: event.payload.title },
        platform: { coursesPublished: 1 },
      });
    case 'ENROLLMENT_CREATED':
      return only({ user: { enrollments: 1 }, course: { enrollments: 1 } });
    case 'LESSON_COMPLETED':
      return only({ user: { lessonsCompleted: 1 }, course: { lessonCompletions: 1 } });
    case 'COURSE_COMPLETED':
      return only({ user: { coursesCompleted: 1 }, course: { completions: 1 } });
    case 'QUEST_STARTED':
      return only({ user: { questsStarted: 1 } });
    case 'QUEST_COMPLETED':
      return only({ user: { questsCompleted: 1 }, platform: { questsCompleted: 1 } });
    case 'XP_AWARDED':
      return only({ user: { xpEarned: event.payload.amount }, platform: { xpAwarded: event.payload.amount } });
    case 'ACHIEVEMENT_UNLOCKED':
      return only({ user: { badgesEarned: 1 } });
    case 'NOTIFICATION_CREATED':
    case 'QUIZ_PUBLISHED':
      return only({ userActive: false });
    case 'QUIZ_STARTED':
      return only();
    case 'QUIZ_SUBMITTED': {
      const attempt = { quizAttempts: 1, quizScoreTotal: event.payload.score };
      // An attempt graded at its deadline was not the learner acting.
      return only({ userActive: !event.payload.expired, user: attempt, course: attempt });
    }
    case 'QUIZ_PASSED':
      // Its QUIZ_SUBMITTED already told whether the learner acted.
      return only({ userActive: false, user: { quizzesPassed: 1 }, course: { quizzesPassed: 1 } });
    case 'RAG_QUERY_PROCESSED':
    case 'COURSE_PRICE_SET':
    case 'PAYMENT_SUCCEEDED':
    case 'SEAT_REDEEMED':
      return only();
    // Consequences the learner did not act for: a refund, courses applying a payment, a certificate.
    case 'ORDER_REFUNDED':
    case 'ENROLLMENT_ENDED':
    case 'ACCESS_GRANTED':
    case 'CERTIFICATE_ISSUED':
    case 'CERTIFICATE_REVOKED':
      return only({ userActive: false });
    // Live learning: the learner booked, cancelled, registered or joined; the host scheduled or ran it.
    case 'BOOKING_CONFIRMED':
    case 'BOOKING_CANCELLED':
    case 'WEBINAR_SCHEDULED':
    case 'WEBINAR_STATUS_CHANGED':
    case 'WEBINAR_REGISTRATION_CANCELLED':
    case 'WEBINAR_ATTENDED':
      return only();
    // A promotion from the waiting list happens to the learner.
    case 'WEBINAR_REGISTERED':
      return only({ userActive: !event.payload.promoted });
    // Messaging: a user wrote or posted; preferences and unsubscribing are not learning.
    case 'MESSAGE_SENT':
    case 'ANNOUNCEMENT_POSTED':
      return only();
    case 'EMAIL_UNSUBSCRIBED':
    case 'EMAIL_PREFERENCE_CHANGED':
      return only({ userActive: false });
    // Files kept or removed: storage, not learning.
    case 'FILE_READY':
    case 'FILE_DELETED':
    // Text edits: nobody learned anything.
    case 'MESSAGE_UPDATED':
    case 'COURSE_TRANSLATED':
    case 'LESSON_TRANSLATED':
      return only({ userActive: false });
    default: {
      const unhandled: never = event;
      throw new Error(`No counters defined for ${(unhandled as AnyEvent).name}`);
    }
  }
}
