import type { SecurityEventResolvers, UserResolvers } from '../generated/graphql.ts';

export const User: UserResolvers = {
  __resolveReference: async ({ id }, { loaders }) => (await loaders.user.load(id)) ?? null,
};

export const SecurityEvent: SecurityEventResolvers = {
  user: async ({ userId }, _args, { loaders }) => (userId ? ((await loaders.user.load(userId)) ?? null) : null),
  detail: ({ detail }) => (detail === null ? null : JSON.stringify(detail)),
};
