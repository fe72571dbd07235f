/**
 * The content events of published courses: what an index (search, the assistant) needs to hold
 * the public text of a course without ever querying courses.
 */
import type { EventPayload } from '#platform/events/catalog.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { Course, Lesson, Module, Prisma } from '../generated/prisma/client.ts';

type Tx = Prisma.TransactionClient;
type LessonEventName = 'LESSON_PUBLISHED' | 'LESSON_UPDATED';

export const lessonPayload = (
  lesson: Lesson,
  module: Pick<Module, 'title' | 'position'>,
  course: Course,
): EventPayload<'LESSON_PUBLISHED'> => ({
  lessonId: lesson.id,
  courseId: course.id,
  moduleId: lesson.moduleId,
  moduleTitle: module.title,
  title: lesson.title,
  content: lesson.content,
  position: lesson.position,
  modulePosition: module.position,
  courseTitle: course.title,
  courseSlug: course.slug,
  level: course.level,
  tags: course.tags,
});

export const courseUpdatedPayload = (course: Course): EventPayload<'COURSE_UPDATED'> => ({
  courseId: course.id,
  title: course.title,
  slug: course.slug,
  description: course.description,
  level: course.level,
  tags: course.tags,
  status: course.status,
});

/** Stages one lesson event, reading its module in `tx`. */
export async function stageLesson(events: SubgraphEvents, tx: Tx, name: LessonEventName, lesson: Lesson, course: Course) {
  const module = await tx.module.findUniqueOrThrow({ where: { id: lesson.moduleId }, select: { title: true, position: true } });
  await events.stage(tx, name, lessonPayload(lesson, module, course));
}

/** Stages LESSON_PUBLISHED for every lesson of a course being published, read in `tx`. */
export async function stageAllLessons(events: SubgraphEvents, tx: Tx, course: Course) {
  const modules = await tx.module.findMany({ where: { courseId: course.id }, include: { lessons: true } });
  for (const module of modules.sort((a, b) => a.position - b.position)) {
    for (const lesson of module.lessons.sort((a, b) => a.position - b.position)) {
      await events.stage(tx, 'LESSON_PUBLISHED', lessonPayload(lesson, module, course));
    }
  }
}

/**
 * Locks the course row until the transaction ends (bumping updatedAt, which the change is) and
 * returns it as it now is: a lesson added or edited while the course is being published or
 * unpublished waits for that, so it sees the status it is announced under.
 */
export const lockCourse = (tx: Tx, courseId: string): Promise<Course> =>
  tx.course.update({ where: { id: courseId }, data: { updatedAt: new Date() } });
