import { referenceTo } from '#platform/graphql/reference.ts';
import { readsLessonAttachments } from '../access.ts';
import type { FileResolvers, LessonResolvers, UploadResolvers, UserResolvers } from '../generated/graphql.ts';

export const File: FileResolvers = {
  // Another subgraph's reference (a profile's avatar): null when the viewer may not read it.
  __resolveReference: async ({ id }, { loaders, services, viewer }) => {
    const file = await loaders.file.load(id);
    return file && (await services.files.canRead(file, viewer)) ? file : null;
  },
  owner: (file) => referenceTo(file.ownerId),
  url: (file, _args, { services }) => services.links.url(file),
  thumbnails: (file, _args, { services }) => services.links.thumbnails(file),
  rejectionReason: (file) => (file.status === 'REJECTED' ? file.rejectionReason : null),
};

export const Upload: UploadResolvers = {
  headers: (upload) => Object.entries(upload.headers).map(([name, value]) => ({ name, value })),
};

export const User: UserResolvers = {
  files: (user, { purpose, first, after }, { services }) => services.files.list(user.id, purpose, { first, after }),
};

export const Lesson: LessonResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  attachments: async ({ id }, _args, { loaders, viewer }) => {
    const attached = await loaders.attachmentsByLesson.load(id);
    if (!attached.length || !(await readsLessonAttachments(loaders, viewer, id))) return [];
    return attached.map(({ file }) => file);
  },
};
