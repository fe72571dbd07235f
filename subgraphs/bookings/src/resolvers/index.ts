import { requireViewer } from '#platform/auth/viewer.ts';
import type { Resolvers } from '../generated/graphql.ts';

export const resolvers: Resolvers = {
  Query: {
    bookingsItems: (_parent, { first }, { services }) => services.items.newest(first),
  },
  Mutation: {
    createBookingsItem: (_parent, { title }, { services, viewer }) =>
      services.items.create(requireViewer(viewer).userId, { title }),
  },
  BookingsItem: {
    __resolveReference: async ({ id }, { loaders }) => (await loaders.item.load(id)) ?? null,
  },
};
