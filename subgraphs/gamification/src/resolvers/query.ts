import type { QueryResolvers } from '../generated/graphql.ts';

export const Query: QueryResolvers = {
  leaderboard: (_parent, args, { services }) => services.leaderboards.top(args),
  badges: (_parent, _args, { services }) => services.badges.list(),
};
