/** Per-request DataLoaders: one SQL statement per batch, whatever the number of files or lessons. */
import DataLoader from 'dataloader';
import { byId, byKey, groupedBy } from '#platform/graphql/loaders.ts';
import type { MediaServices } from './services/index.ts';

export const createMediaLoaders = ({ files, attachments, replicas }: MediaServices) => ({
  file: new DataLoader(byId((ids) => files.byIds(ids))),
  attachmentsByLesson: new DataLoader(
    groupedBy(
      (ids) => attachments.byLessons(ids),
      (attachment) => attachment.lessonId,
    ),
  ),
  lesson: new DataLoader(byId((ids) => replicas.lessons(ids))),
  course: new DataLoader(byId((ids) => replicas.courses(ids))),
  /** Keyed "<userId>:<courseId>". */
  activeEnrollment: new DataLoader(
    byKey(
      (keys) => replicas.activeEnrollments(keys),
      (enrollment) => `${enrollment.userId}:${enrollment.courseId}`,
    ),
  ),
});

export type MediaLoaders = ReturnType<typeof createMediaLoaders>;
