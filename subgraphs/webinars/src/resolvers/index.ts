import { requireViewer } from '#platform/auth/viewer.ts';
import type { Resolvers } from '../generated/graphql.ts';

export const resolvers: Resolvers = {
  Query: {
    webinarsItems: (_parent, { first }, { services }) => services.items.newest(first),
  },
  Mutation: {
    createWebinarsItem: (_parent, { title }, { services, viewer }) =>
      services.items.create(requireViewer(viewer).userId, { title }),
  },
  WebinarsItem: {
    __resolveReference: async ({ id }, { loaders }) => (await loaders.item.load(id)) ?? null,
  },
};
