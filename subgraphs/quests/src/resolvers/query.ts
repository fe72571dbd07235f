import { requireViewer } from '#platform/auth/viewer.ts';
import type { QueryResolvers } from '../generated/graphql.ts';

export const Query: QueryResolvers = {
  quests: (_parent, { category, difficulty, first, after }, { services }) =>
    services.catalog.list({ category, difficulty }, { first, after }),
  quest: (_parent, { id, slug }, { services }) => services.catalog.find({ id, slug }),
  questCategories: (_parent, _args, { services }) => services.catalog.categories(),
  questProgress: (_parent, { id }, { services, viewer }) => services.runs.find(requireViewer(viewer), id),
  questCompletion: (_parent, { progressId }, { services, viewer }) => services.runs.completion(requireViewer(viewer), progressId),
};
