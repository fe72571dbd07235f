import type { QueryResolvers } from '../generated/graphql.ts';

export const Query: QueryResolvers = {
  file: (_parent, { id }, { services, viewer }) => services.files.readable(viewer, id),
};
