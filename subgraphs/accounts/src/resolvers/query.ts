import { notFound } from '#platform/errors.ts';
import type { QueryResolvers } from '../generated/graphql.ts';

export const Query: QueryResolvers = {
  me: (_parent, _args, { viewer, loaders }) => (viewer ? loaders.user.load(viewer.userId).then((user) => user ?? null) : null),
  user: async (_parent, { id }, { loaders }) => {
    const user = await loaders.user.load(id);
    if (!user) throw notFound('User', id);
    return user;
  },
  users: (_parent, { first, after, search, role }, { services }) => services.accounts.list({ search, role }, { first, after }),
  securityEvents: (_parent, { first, after, userId, kind }, { services }) =>
    services.audit.list({ userId, kind }, { first, after }),
};
