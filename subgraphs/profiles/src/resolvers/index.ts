import { requireViewer } from '#platform/auth/viewer.ts';
import type { Resolvers } from '../generated/graphql.ts';
import { DEFAULT_PROFILE } from '../services/profiles.ts';

export const resolvers: Resolvers = {
  User: {
    __resolveReference: ({ id }) => ({ id }),
    profile: async ({ id }, _args, { loaders }) => (await loaders.profile.load(id)) ?? DEFAULT_PROFILE,
  },
  Mutation: {
    updateProfile: (_parent, { input }, { services, viewer }) => services.profiles.update(requireViewer(viewer).userId, input),
  },
};
