import { requireViewer } from '#platform/auth/viewer.ts';
import type { MutationResolvers } from '../generated/graphql.ts';

export const Mutation: MutationResolvers = {
  requestUpload: (_parent, { input }, { services, viewer }) => services.uploads.request(requireViewer(viewer), input),
  completeUpload: async (_parent, { fileId }, { services, viewer, loaders }) => {
    const file = await services.uploads.complete(requireViewer(viewer), fileId);
    loaders.file.clear(file.id);
    return file;
  },
  deleteFile: async (_parent, { id }, { services, viewer, loaders }) => {
    const deleted = await services.files.delete(requireViewer(viewer), id);
    loaders.file.clear(deleted);
    loaders.attachmentsByLesson.clearAll();
    return deleted;
  },
  attachFile: async (_parent, { lessonId, fileId }, { services, viewer, loaders }) => {
    const lesson = await services.attachments.attach(requireViewer(viewer), { lessonId, fileId });
    loaders.attachmentsByLesson.clear(lesson.id);
    return lesson;
  },
  detachFile: async (_parent, { lessonId, fileId }, { services, viewer, loaders }) => {
    const lesson = await services.attachments.detach(requireViewer(viewer), { lessonId, fileId });
    loaders.attachmentsByLesson.clear(lesson.id);
    return lesson;
  },
};
