import { referenceTo } from '#platform/graphql/reference.ts';
import type { Resolvers, SearchType } from '../generated/graphql.ts';

/** Hits whose `course` is the course they belong to (a webinar may have none). */
const WITHIN_A_COURSE = new Set<SearchType>(['LESSON', 'QUIZ', 'WEBINAR']);

export const resolvers: Resolvers = {
  Query: {
    search: (_parent, args, { services, viewer }) => services.search.search(viewer, args),
    searchSuggestions: (_parent, args, { services, viewer }) => services.search.suggestions(viewer, args),
  },
  SearchHit: {
    course: (hit) => referenceTo(hit.type === 'COURSE' ? hit.entityId : WITHIN_A_COURSE.has(hit.type) ? hit.courseId : null),
    lesson: (hit) => referenceTo(hit.type === 'LESSON' ? hit.entityId : null),
    quest: (hit) => referenceTo(hit.type === 'QUEST' ? hit.entityId : null),
    quiz: (hit) => referenceTo(hit.type === 'QUIZ' ? hit.entityId : null),
    webinar: (hit) => referenceTo(hit.type === 'WEBINAR' ? hit.entityId : null),
    instructor: (hit) => referenceTo(hit.type === 'INSTRUCTOR' ? hit.entityId : hit.type === 'COURSE' ? hit.ownerId : null),
  },
};
