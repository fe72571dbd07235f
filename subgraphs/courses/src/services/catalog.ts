/** Reading courses: the public catalog, lookups, and the batch queries behind the DataLoaders. */
import type { Viewer } from '#platform/auth/viewer.ts';
import { badInput, notFound } from '#platform/errors.ts';
import { pageQuery, toConnection, type PageArgs } from '#platform/graphql/connection.ts';
import type { CoursesDb } from '../db.ts';
import type { Course, CourseLevel, Lesson, Module, Prisma } from '../generated/prisma/client.ts';
import { requireVisible, visibleTo } from './access.ts';

export interface CourseFilter {
  search?: string | null;
  tag?: string | null;
  level?: CourseLevel | null;
}

export interface CourseTotals {
  lessonCount: number;
  durationMinutes: number;
}

export class Catalog {
  constructor(private readonly db: CoursesDb) {}

  async list(viewer: Viewer | undefined, filter: CourseFilter, page: PageArgs) {
    const search = filter.search?.trim();
    if (search && search.length > 200) throw badInput('search must be at most 200 characters');
    const where: Prisma.CourseWhereInput = {
      AND: [
        visibleTo(viewer),
        search
          ? {
              OR: [
                { title: { contains: search, mode: 'insensitive' } },
                { description: { contains: search, mode: 'insensitive' } },
              ],
            }
          : {},
        filter.tag ? { tags: { has: filter.tag.trim().toLowerCase() } } : {},
        filter.level ? { level: filter.level } : {},
      ],
    };
    const { size, prisma } = pageQuery(page);
    const rows = await this.db.course.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...prisma });
    return toConnection(rows, size, () => this.db.course.count({ where }));
  }

  async find(viewer: Viewer | undefined, key: { id?: string | null; slug?: string | null }): Promise<Course> {
    if (Boolean(key.id) === Boolean(key.slug)) throw badInput('Give exactly one of id and slug');
    const course = key.id
      ? await this.db.course.findUnique({ where: { id: key.id } })
      : await this.db.course.findUnique({ where: { slug: key.slug! } });
    return requireVisible(course, viewer, (key.id ?? key.slug)!);
  }

  async findLesson(viewer: Viewer | undefined, id: string): Promise<Lesson> {
    const lesson = await this.db.lesson.findUnique({ where: { id }, include: { course: true } });
    if (!lesson) throw notFound('Lesson', id);
    requireVisible(lesson.course, viewer, lesson.courseId);
    const { course: _course, ...row } = lesson;
    return row;
  }

  coursesByIds(ids: readonly string[]): Promise<Course[]> {
    return this.db.course.findMany({ where: { id: { in: [...ids] } } });
  }

  coursesByInstructors(instructorIds: readonly string[]): Promise<Course[]> {
    return this.db.course.findMany({
      where: { instructorId: { in: [...instructorIds] } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
  }

  modulesByIds(ids: readonly string[]): Promise<Module[]> {
    return this.db.module.findMany({ where: { id: { in: [...ids] } } });
  }

  modulesByCourses(courseIds: readonly string[]): Promise<Module[]> {
    return this.db.module.findMany({
      where: { courseId: { in: [...courseIds] } },
      orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
    });
  }

  lessonsByIds(ids: readonly string[]): Promise<Lesson[]> {
    return this.db.lesson.findMany({ where: { id: { in: [...ids] } } });
  }

  lessonsByModules(moduleIds: readonly string[]): Promise<Lesson[]> {
    return this.db.lesson.findMany({
      where: { moduleId: { in: [...moduleIds] } },
      orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
    });
  }

  async enrollmentCounts(courseIds: readonly string[]): Promise<number[]> {
    const rows = await this.db.enrollment.groupBy({
      by: ['courseId'],
      where: { courseId: { in: [...courseIds] } },
      _count: { _all: true },
    });
    const counts = new Map(rows.map((row) => [row.courseId, row._count._all]));
    return courseIds.map((id) => counts.get(id) ?? 0);
  }

  async lessonTotals(courseIds: readonly string[]): Promise<CourseTotals[]> {
    const rows = await this.db.lesson.groupBy({
      by: ['courseId'],
      where: { courseId: { in: [...courseIds] } },
      _count: { _all: true },
      _sum: { durationMinutes: true },
    });
    const totals = new Map(
      rows.map((row) => [row.courseId, { lessonCount: row._count._all, durationMinutes: row._sum.durationMinutes ?? 0 }]),
    );
    return courseIds.map((id) => totals.get(id) ?? { lessonCount: 0, durationMinutes: 0 });
  }
}
