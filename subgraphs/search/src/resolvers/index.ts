import { referenceTo } from '#platform/graphql/reference.ts';
import type { Resolvers } from '../generated/graphql.ts';

export const resolvers: Resolvers = {
  Query: {
    search: (_parent, args, { services, viewer }) => services.search.search(viewer, args),
    searchSuggestions: (_parent, args, { services, viewer }) => services.search.suggestions(viewer, args),
  },
  SearchHit: {
    course: (hit) => referenceTo(hit.type === 'COURSE' ? hit.entityId : hit.type === 'LESSON' ? hit.courseId : null),
    lesson: (hit) => referenceTo(hit.type === 'LESSON' ? hit.entityId : null),
    quest: (hit) => referenceTo(hit.type === 'QUEST' ? hit.entityId : null),
    instructor: (hit) => referenceTo(hit.type === 'INSTRUCTOR' ? hit.entityId : hit.type === 'COURSE' ? hit.ownerId : null),
  },
};
