/**
 * What each learning event is worth. Quests carry their own XP (the quests subgraph computes it,
 * and sends 0 for a repeat); lessons, courses, quizzes passed and webinars attended are worth fixed
 * amounts. XP is what leaderboards rank, so an amount changed here only applies to events handled
 * from then on (the ledger keeps what each event earned).
 */
import type { EventOf } from '#platform/events/envelope.ts';
import type { XpReason } from '../generated/prisma/enums.ts';

/** A lesson completed for the first time (the courses subgraph announces each lesson once). */
export const LESSON_XP = 10;
/** Every lesson of a course completed: a bonus on top of the lessons' own XP. */
export const COURSE_XP = 100;
/** A quiz passed for the first time (the quizzes subgraph announces the first pass only). */
export const QUIZ_XP = 50;
/** A webinar attended (the webinars subgraph announces a learner's attendance once per webinar). */
export const WEBINAR_XP = 20;

/** The events that earn XP: each is also the reason of its ledger entry. */
export const PROGRESS_EVENTS = [
  'QUEST_COMPLETED',
  'LESSON_COMPLETED',
  'COURSE_COMPLETED',
  'QUIZ_PASSED',
  'WEBINAR_ATTENDED',
] as const satisfies readonly XpReason[];
export type ProgressEvent = EventOf<(typeof PROGRESS_EVENTS)[number]>;

/** What one progress event changes for its learner. */
export interface Progress {
  userId: string;
  /** 0 for a repeated quest: no ledger entry, no streak day. */
  xp: number;
  reason: XpReason;
  courseId: string | null;
  occurredAt: Date;
  /** Counts towards QUESTS_COMPLETED. */
  firstQuestCompletion: boolean;
  /** Set when a quest was finished with a score of 100. */
  perfectQuestId: string | null;
  lessonCompleted: boolean;
  courseCompleted: boolean;
  /** A quiz passed with 100 on the learner's first attempt at it. */
  quizAce: boolean;
}

export function progressOf(event: ProgressEvent): Progress {
  const base = { occurredAt: new Date(event.occurredAt), reason: event.name };
  const none = {
    firstQuestCompletion: false,
    perfectQuestId: null,
    lessonCompleted: false,
    courseCompleted: false,
    quizAce: false,
  };
  switch (event.name) {
    case 'QUEST_COMPLETED': {
      const { payload } = event;
      return {
        ...base,
        ...none,
        userId: payload.userId,
        xp: payload.xpAwarded,
        courseId: payload.courseId,
        firstQuestCompletion: payload.firstCompletion,
        perfectQuestId: payload.score === 100 ? payload.questId : null,
      };
    }
    case 'LESSON_COMPLETED': {
      const { payload } = event;
      return { ...base, ...none, userId: payload.userId, xp: LESSON_XP, courseId: payload.courseId, lessonCompleted: true };
    }
    case 'COURSE_COMPLETED': {
      const { payload } = event;
      return { ...base, ...none, userId: payload.userId, xp: COURSE_XP, courseId: payload.courseId, courseCompleted: true };
    }
    case 'QUIZ_PASSED': {
      const { payload } = event;
      const quizAce = payload.score === 100 && payload.attemptNumber === 1;
      return { ...base, ...none, userId: payload.userId, xp: QUIZ_XP, courseId: payload.courseId, quizAce };
    }
    case 'WEBINAR_ATTENDED': {
      // A course webinar's XP counts on the course's leaderboard too.
      const { payload } = event;
      return { ...base, ...none, userId: payload.userId, xp: WEBINAR_XP, courseId: payload.courseId };
    }
  }
}
