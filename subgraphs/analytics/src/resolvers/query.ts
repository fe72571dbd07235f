import { requireViewer } from '#platform/auth/viewer.ts';
import type { QueryResolvers } from '../generated/graphql.ts';

export const Query: QueryResolvers = {
  myStats: (_parent, _args, { services, viewer }) => services.stats.user(requireViewer(viewer).userId),
  userStats: (_parent, { userId }, { services }) => services.stats.user(userId),
  courseStats: (_parent, { courseId }, { services, viewer }) => services.stats.course(requireViewer(viewer), courseId),
  platformStats: (_parent, _args, { services }) => services.stats.platform(),
  assistantStats: (_parent, { from, to }, { services }) => services.assistant.between(from, to),
  activityEvent: (_parent, { id }, { services }) => services.activity.find(id),
  recentActivity: (_parent, { first, types }, { services }) => services.activity.recent(first, types),
  deadLetters: (_parent, { first, after, consumer }, { services }) => services.deadLetters.list({ consumer }, { first, after }),
};
