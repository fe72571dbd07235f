import type { BadgeResolvers, UserResolvers } from '../generated/graphql.ts';

export const User: UserResolvers = {
  // Every user has gamification fields (newcomers get the defaults): nothing to look up here.
  __resolveReference: ({ id }) => ({ id }),
  xp: async ({ id }, _args, { loaders }) => (await loaders.learner.load(id)).xp,
  level: async ({ id }, _args, { loaders }) => (await loaders.learner.load(id)).level,
  nextLevelXp: async ({ id }, _args, { loaders }) => (await loaders.learner.load(id)).nextLevelXp,
  streak: async ({ id }, _args, { loaders }) => (await loaders.learner.load(id)).streak,
  badges: ({ id }, _args, { loaders }) => loaders.badgesByUser.load(id),
};

export const Badge: BadgeResolvers = {
  __resolveReference: async ({ id }, { loaders }) => (await loaders.badge.load(id)) ?? null,
};
