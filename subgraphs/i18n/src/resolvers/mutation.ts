import { requireViewer } from '#platform/auth/viewer.ts';
import type { MutationResolvers } from '../generated/graphql.ts';

export const Mutation: MutationResolvers = {
  upsertMessage: (_parent, args, { services, viewer }) => services.messages.upsert(requireViewer(viewer), args),
  translateCourse: (_parent, args, { services, viewer }) => services.translations.translateCourse(requireViewer(viewer), args),
  translateLesson: (_parent, args, { services, viewer }) => services.translations.translateLesson(requireViewer(viewer), args),
};
