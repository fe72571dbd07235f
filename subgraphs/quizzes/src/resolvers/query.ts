import { requireViewer } from '#platform/auth/viewer.ts';
import type { QueryResolvers } from '../generated/graphql.ts';

export const Query: QueryResolvers = {
  quiz: (_parent, { id }, { services, viewer }) => services.catalog.find(viewer, id),
  quizAttempt: (_parent, { id }, { services, viewer }) => services.attempts.find(requireViewer(viewer), id),
  quizResults: (_parent, { quizId }, { services, viewer }) => services.results.of(requireViewer(viewer), quizId),
};
