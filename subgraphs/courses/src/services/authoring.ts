/** Instructors build courses: create, edit, add modules and lessons, publish. */
import type { Viewer } from '#platform/auth/viewer.ts';
import { badInput, conflict, isUniqueViolation, notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { parseInput } from '#platform/validation.ts';
import type { CoursesDb } from '../db.ts';
import type { Course, Lesson, Module, Prisma } from '../generated/prisma/client.ts';
import { requireEditable } from './access.ts';
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
    return this.db.course.update({ where: { id }, data: input });
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
      return lesson;
    });
  }

  async updateLesson(viewer: Viewer, id: string, raw: unknown): Promise<Lesson> {
    const input = parseInput(updateLessonInput, raw);
    const lesson = await this.db.lesson.findUnique({ where: { id }, include: { course: true } });
    if (!lesson) throw notFound('Lesson', id);
    requireEditable(lesson.course, viewer, lesson.courseId);
    return this.db.lesson.update({ where: { id }, data: input });
  }

  async publish(viewer: Viewer, id: string): Promise<Course> {
    const course = requireEditable(await this.db.course.findUnique({ where: { id } }), viewer, id);
    if (course.status === 'PUBLISHED') return course;
    if ((await this.db.lesson.count({ where: { courseId: id } })) === 0) {
      throw badInput('A course needs at least one lesson before it can be published');
    }
    return this.events.transaction(this.db, async (tx) => {
      const published = await tx.course.update({
        where: { id },
        data: { status: 'PUBLISHED', publishedAt: course.publishedAt ?? new Date() },
      });
      if (!course.publishedAt) {
        await this.events.stage(tx, 'COURSE_PUBLISHED', {
          courseId: id,
          instructorId: course.instructorId,
          title: course.title,
          slug: course.slug,
          description: course.description,
          level: course.level,
          tags: course.tags,
        });
      }
      return published;
    });
  }
}
