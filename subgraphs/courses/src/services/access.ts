/** Who may see and who may edit a course. */
import type { Viewer } from '#platform/auth/viewer.ts';
import { forbidden, notFound } from '#platform/errors.ts';
import type { Course, Prisma } from '../generated/prisma/client.ts';

const isAdmin = (viewer: Viewer | undefined) => Boolean(viewer?.roles.includes('ADMIN'));
const owns = (course: Pick<Course, 'instructorId'>, viewer: Viewer | undefined) => viewer?.userId === course.instructorId;

/** Published courses are public; drafts belong to their instructor and the admins. */
export const canSee = (course: Pick<Course, 'status' | 'instructorId'>, viewer: Viewer | undefined): boolean =>
  course.status === 'PUBLISHED' || owns(course, viewer) || isAdmin(viewer);

export const canEdit = (course: Pick<Course, 'instructorId'>, viewer: Viewer | undefined): boolean =>
  owns(course, viewer) || isAdmin(viewer);

/** The Prisma filter matching the courses `viewer` may see. */
export const visibleTo = (viewer: Viewer | undefined): Prisma.CourseWhereInput =>
  isAdmin(viewer) ? {} : { OR: [{ status: 'PUBLISHED' }, ...(viewer ? [{ instructorId: viewer.userId }] : [])] };

/** For reads: a course the viewer cannot see does not exist for them. */
export function requireVisible<T extends Pick<Course, 'status' | 'instructorId'>>(
  course: T | null | undefined,
  viewer: Viewer | undefined,
  id: string,
): T {
  if (!course || !canSee(course, viewer)) throw notFound('Course', id);
  return course;
}

/** For edits: NOT_FOUND when missing, FORBIDDEN unless owner or admin. */
export function requireEditable<T extends Pick<Course, 'instructorId'>>(
  course: T | null | undefined,
  viewer: Viewer | undefined,
  id: string,
): T {
  if (!course) throw notFound('Course', id);
  if (!canEdit(course, viewer)) throw forbidden('Only the course instructor or an admin can change this course');
  return course;
}
