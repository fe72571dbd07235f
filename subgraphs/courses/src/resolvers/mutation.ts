import { requireViewer } from '#platform/auth/viewer.ts';
import type { MutationResolvers } from '../generated/graphql.ts';

export const Mutation: MutationResolvers = {
  createCourse: (_parent, { input }, { services, viewer }) => services.authoring.createCourse(requireViewer(viewer), input),
  updateCourse: (_parent, { id, input }, { services, viewer }) =>
    services.authoring.updateCourse(requireViewer(viewer), id, input),
  addModule: (_parent, { courseId, input }, { services, viewer }) =>
    services.authoring.addModule(requireViewer(viewer), courseId, input),
  addLesson: (_parent, { moduleId, input }, { services, viewer }) =>
    services.authoring.addLesson(requireViewer(viewer), moduleId, input),
  updateLesson: (_parent, { id, input }, { services, viewer }) =>
    services.authoring.updateLesson(requireViewer(viewer), id, input),
  publishCourse: (_parent, { id }, { services, viewer }) => services.authoring.publish(requireViewer(viewer), id),
  unpublishCourse: (_parent, { id }, { services, viewer }) => services.authoring.unpublish(requireViewer(viewer), id),
  enroll: (_parent, { courseId }, { services, viewer }) => services.enrollments.enroll(requireViewer(viewer), courseId),
  completeLesson: (_parent, { lessonId }, { services, viewer }) =>
    services.enrollments.completeLesson(requireViewer(viewer), lessonId),
};
