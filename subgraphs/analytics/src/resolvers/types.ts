import type { ActivityEventResolvers, CourseStatsResolvers, UserStatsResolvers } from '../generated/graphql.ts';
import { isStaff } from '../services/access.ts';
import { completionRate } from '../services/stats.ts';

const reference = (id: string | null) => (id ? { id } : null);

export const ActivityEvent: ActivityEventResolvers = {
  /** The event store is for admins and analysts, whichever way an event is reached. */
  __resolveReference: async ({ id }, { loaders, viewer }) =>
    isStaff(viewer) ? ((await loaders.activityEvent.load(id)) ?? null) : null,
  type: ({ name }) => name,
  user: ({ userId }) => reference(userId),
  quest: ({ questId }) => reference(questId),
  course: ({ courseId }) => reference(courseId),
};

export const UserStats: UserStatsResolvers = {
  user: ({ userId }) => ({ id: userId }),
};

export const CourseStats: CourseStatsResolvers = {
  course: ({ courseId }) => ({ id: courseId }),
  completionRate: (stats) => completionRate(stats),
};
