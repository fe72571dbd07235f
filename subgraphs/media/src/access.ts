/**
 * Who reads a lesson's attachments: the course's owner, admins and learners with an active
 * enrollment (from the replica). Per lesson through the request's loaders, so a list of lessons
 * costs a few statements, not a few per lesson.
 */
import type { Viewer } from '#platform/auth/viewer.ts';
import type { MediaLoaders } from './loaders.ts';
import { isAdmin } from './services/access.ts';

export async function readsLessonAttachments(
  loaders: MediaLoaders,
  viewer: Viewer | undefined,
  lessonId: string,
): Promise<boolean> {
  if (!viewer) return false;
  if (isAdmin(viewer)) return true;
  const lesson = await loaders.lesson.load(lessonId);
  if (!lesson) return false;
  const course = await loaders.course.load(lesson.courseId);
  if (course?.instructorId === viewer.userId) return true;
  return Boolean(await loaders.activeEnrollment.load(`${viewer.userId}:${lesson.courseId}`));
}
