import type { MutationResolvers } from '../generated/graphql.ts';

export const Mutation: MutationResolvers = {
  replayDeadLetter: (_parent, { id }, { services }) => services.deadLetters.replay(id),
};
