import { referenceTo } from '#platform/graphql/reference.ts';
import type { ActivityEventResolvers, CourseStatsResolvers, UserStatsResolvers } from '../generated/graphql.ts';
import { isStaff } from '../roles.ts';
import { averageQuizScore, completionRate } from '../services/stats.ts';

export const ActivityEvent: ActivityEventResolvers = {
  /** The event store is for admins and analysts, whichever way an event is reached. */
  __resolveReference: async ({ id }, { loaders, viewer }) =>
    isStaff(viewer) ? ((await loaders.activityEvent.load(id)) ?? null) : null,
  type: ({ name }) => name,
  user: ({ userId }) => referenceTo(userId),
  quest: ({ questId }) => referenceTo(questId),
  course: ({ courseId }) => referenceTo(courseId),
};

export const UserStats: UserStatsResolvers = {
  user: ({ userId }) => ({ id: userId }),
  averageQuizScore: (stats) => averageQuizScore(stats),
};

export const CourseStats: CourseStatsResolvers = {
  course: ({ courseId }) => ({ id: courseId }),
  completionRate: (stats) => completionRate(stats),
  averageQuizScore: (stats) => averageQuizScore(stats),
};
