import type { MutationResolvers } from '../generated/graphql.ts';

export const Mutation: MutationResolvers = {
  // ADMIN only: enforced by @requiresScopes in the schema.
  rebuildLeaderboards: (_parent, _args, { services }) => services.leaderboards.rebuild(),
};
