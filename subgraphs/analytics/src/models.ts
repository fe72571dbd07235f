/** What the resolvers of each GraphQL type receive as parent (codegen.ts maps them here). */
import type { AnalyticsEvent, CourseActivity, UserActivity } from './generated/prisma/client.ts';

export type { DeadLetter } from './generated/prisma/client.ts';
export type ActivityEvent = AnalyticsEvent;
/** A user's counters; all zero (and no lastActiveAt) before their first event. */
export type UserStats = UserActivity;
export type CourseStats = Pick<
  CourseActivity,
  'courseId' | 'enrollments' | 'lessonCompletions' | 'completions' | 'quizAttempts' | 'quizzesPassed' | 'quizScoreTotal'
>;
