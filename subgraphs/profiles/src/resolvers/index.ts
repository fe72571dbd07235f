import { requireViewer } from '#platform/auth/viewer.ts';
import { referenceTo } from '#platform/graphql/reference.ts';
import type { Resolvers } from '../generated/graphql.ts';
import { DEFAULT_PROFILE } from '../services/profiles.ts';

export const resolvers: Resolvers = {
  User: {
    __resolveReference: ({ id }) => ({ id }),
    profile: async ({ id }, _args, { loaders }) => (await loaders.profile.load(id)) ?? DEFAULT_PROFILE,
  },
  Profile: {
    avatar: (profile) => referenceTo(profile.avatarFileId),
  },
  Mutation: {
    updateProfile: (_parent, { input }, { services, viewer }) => services.profiles.update(requireViewer(viewer).userId, input),
  },
};
