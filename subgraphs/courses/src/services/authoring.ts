/**
 * Instructors build courses: create, edit, add modules and lessons, publish and unpublish. The
 * content of a published course goes out as events (content-events.ts).
 */
import type { Viewer } from '#platform/auth/viewer.ts';
import { badInput, conflict, isUniqueViolation, notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { parseInput } from '#platform/validation.ts';
import type { CoursesDb } from '../db.ts';
import type { Course, Lesson, Module, Prisma } from '../generated/prisma/client.ts';
import { requireEditable } from './access.ts';
import { courseUpdatedPayload, lockCourse, stageAllLessons, stageLesson } from './content-events.ts';
import { addLessonInput, addModuleInput, createCourseInput, slugify, updateCourseInput, updateLessonInput } from './inputs.ts';

export class Authoring {
  constructor(
    private readonly db: CoursesDb,
    private readonly events: SubgraphEvents,
  ) {}

  async createCourse(viewer: Viewer, raw: unknown): Promise<Course> {
    const input = parseInput(createCourseInput, raw);
    const data = {
      title: input.title,
      description: input.description,
      level: input.level,
      tags: input.tags,
      instructorId: viewer.userId,
    };
    if (input.slug) {
      return this.createWithEvent({ ...data, slug: input.slug }).catch((error: unknown) => {
        throw isUniqueViolation(error) ? conflict(`The slug "${input.slug}" is taken`) : error;
      });
    }
    // A derived slug gets a numeric suffix when taken: python-basics, python-basics-2, ...
    const base = slugify(input.title);
    const taken = new Set(
      (await this.db.course.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map(
        (course) => course.slug,
      ),
    );
    let suffix = 1;
    const candidate = () => (suffix === 1 ? base : `${base}-${suffix}`);
    while (taken.has(candidate())) suffix += 1;
    for (;;) {
      try {
        return await this.createWithEvent({ ...data, slug: candidate() });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        suffix += 1; // lost a race for that slug; take the next one
      }
    }
  }

  private createWithEvent(data: Prisma.CourseUncheckedCreateInput): Promise<Course> {
    return this.events.transaction(this.db, async (tx) => {
      const course = await tx.course.create({ data });
      await this.events.stage(tx, 'COURSE_CREATED', {
        courseId: course.id,
        instructorId: course.instructorId,
        title: course.title,
        slug: course.slug,
      });
      return course;
    });
  }

  async updateCourse(viewer: Viewer, id: string, raw: unknown): Promise<Course> {
    const input = parseInput(updateCourseInput, raw);
    requireEditable(await this.db.course.findUnique({ where: { id } }), viewer, id);
    return this.events.transaction(this.db, async (tx) => {
      const before = await lockCourse(tx, id);
      const course = await tx.course.update({ where: { id }, data: input });
      if (course.status === 'PUBLISHED' && describedDifferently(before, course)) {
        await this.events.stage(tx, 'COURSE_UPDATED', courseUpdatedPayload(course));
      }
      return course;
    });
  }

  async addModule(viewer: Viewer, courseId: string, raw: unknown): Promise<Module> {
    const input = parseInput(addModuleInput, raw);
    requireEditable(await this.db.course.findUnique({ where: { id: courseId } }), viewer, courseId);
    return this.db.$transaction(async (tx) => {
      const count = await tx.module.count({ where: { courseId } });
      const position = Math.min(input.position ?? count + 1, count + 1);
      await tx.module.updateMany({ where: { courseId, position: { gte: position } }, data: { position: { increment: 1 } } });
      return tx.module.create({ data: { courseId, title: input.title, position } });
    });
  }

  async addLesson(viewer: Viewer, moduleId: string, raw: unknown): Promise<Lesson> {
    const input = parseInput(addLessonInput, raw);
    const module = await this.db.module.findUnique({ where: { id: moduleId }, include: { course: true } });
    if (!module) throw notFound('Module', moduleId);
    requireEditable(module.course, viewer, module.courseId);
    return this.events.transaction(this.db, async (tx) => {
      const course = await lockCourse(tx, module.courseId);
      const count = await tx.lesson.count({ where: { moduleId } });
      const position = Math.min(input.position ?? count + 1, count + 1);
      await tx.lesson.updateMany({ where: { moduleId, position: { gte: position } }, data: { position: { increment: 1 } } });
      const lesson = await tx.lesson.create({
        data: {
          moduleId,
          courseId: module.courseId,
          title: input.title,
          content: input.content,
          durationMinutes: input.durationMinutes,
          position,
        },
      });
      await this.events.stage(tx, 'LESSON_ADDED', {
        lessonId: lesson.id,
        courseId: lesson.courseId,
        moduleId,
        title: lesson.title,
      });
      if (course.status === 'PUBLISHED') await stageLesson(this.events, tx, 'LESSON_PUBLISHED', lesson, course);
      return lesson;
    });
  }

  async updateLesson(viewer: Viewer, id: string, raw: unknown): Promise<Lesson> {
    const input = parseInput(updateLessonInput, raw);
    const lesson = await this.db.lesson.findUnique({ where: { id }, include: { course: true } });
    if (!lesson) throw notFound('Lesson', id);
    requireEditable(lesson.course, viewer, lesson.courseId);
    return this.events.transaction(this.db, async (tx) => {
      const course = await lockCourse(tx, lesson.courseId);
      const updated = await tx.lesson.update({ where: { id }, data: input });
      const changed = updated.title !== lesson.title || updated.content !== lesson.content;
      if (course.status === 'PUBLISHED' && changed) await stageLesson(this.events, tx, 'LESSON_UPDATED', updated, course);
      return updated;
    });
  }

  async publish(viewer: Viewer, id: string): Promise<Course> {
    const course = requireEditable(await this.db.course.findUnique({ where: { id } }), viewer, id);
    if (course.status === 'PUBLISHED') return course;
    if ((await this.db.lesson.count({ where: { courseId: id } })) === 0) {
      throw badInput('A course needs at least one lesson before it can be published');
    }
    return this.events.transaction(this.db, async (tx) => {
      // Conditional: of two concurrent publications, one announces it.
      const { count } = await tx.course.updateMany({
        where: { id, status: { not: 'PUBLISHED' } },
        data: { status: 'PUBLISHED', publishedAt: course.publishedAt ?? new Date() },
      });
      const published = await tx.course.findUniqueOrThrow({ where: { id } });
      if (count === 0) return published;
      if (!course.publishedAt) {
        await this.events.stage(tx, 'COURSE_PUBLISHED', {
          courseId: id,
          instructorId: published.instructorId,
          title: published.title,
          slug: published.slug,
          description: published.description,
          level: published.level,
          tags: published.tags,
        });
      } else {
        // Published again: COURSE_PUBLISHED announced the first time only, indexes take it back from here.
        await this.events.stage(tx, 'COURSE_UPDATED', courseUpdatedPayload(published));
      }
      await stageAllLessons(this.events, tx, published);
      return published;
    });
  }

  /** Back to DRAFT: the course leaves the catalog and indexes drop it; enrollments stay. */
  async unpublish(viewer: Viewer, id: string): Promise<Course> {
    const course = requireEditable(await this.db.course.findUnique({ where: { id } }), viewer, id);
    if (course.status !== 'PUBLISHED') return course;
    return this.events.transaction(this.db, async (tx) => {
      const { count } = await tx.course.updateMany({ where: { id, status: 'PUBLISHED' }, data: { status: 'DRAFT' } });
      if (count === 1) await this.events.stage(tx, 'COURSE_UNPUBLISHED', { courseId: id });
      return tx.course.findUniqueOrThrow({ where: { id } });
    });
  }
}

const describedDifferently = (before: Course, after: Course) =>
  before.title !== after.title ||
  before.description !== after.description ||
  before.level !== after.level ||
  before.tags.join('\n') !== after.tags.join('\n');
