import type { QueryResolvers } from '../generated/graphql.ts';

export const Query: QueryResolvers = {
  courses: (_parent, { first, after, search, tag, level }, { services, viewer }) =>
    services.catalog.list(viewer, { search, tag, level }, { first, after }),
  course: (_parent, { id, slug }, { services, viewer }) => services.catalog.find(viewer, { id, slug }),
  lesson: (_parent, { id }, { services, viewer }) => services.catalog.findLesson(viewer, id),
  certificate: (_parent, { code }, { services }) => services.certificates.byCode(code),
};
