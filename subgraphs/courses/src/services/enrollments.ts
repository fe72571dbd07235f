/** Learners enroll in published courses and complete lessons; progress follows. */
import type { Viewer } from '#platform/auth/viewer.ts';
import { badInput, forbidden, notFound } from '#platform/errors.ts';
import type { CoursesDb } from '../db.ts';
import type { Enrollment, LessonCompletion } from '../generated/prisma/client.ts';
import { canSee } from './access.ts';

export class Enrollments {
  constructor(private readonly db: CoursesDb) {}

  /** Idempotent: enrolling again returns the existing enrollment. */
  async enroll(viewer: Viewer, courseId: string): Promise<Enrollment> {
    const course = await this.db.course.findUnique({ where: { id: courseId } });
    if (!course || !canSee(course, viewer)) throw notFound('Course', courseId);
    if (course.status !== 'PUBLISHED') throw badInput('This course is not open for enrollment (it is not published)');
    return this.db.enrollment.upsert({
      where: { userId_courseId: { userId: viewer.userId, courseId } },
      create: { userId: viewer.userId, courseId },
      update: {},
    });
  }

  /** Records the lesson as done (once) and recomputes the enrollment's progress. */
  async completeLesson(viewer: Viewer, lessonId: string): Promise<Enrollment> {
    const lesson = await this.db.lesson.findUnique({ where: { id: lessonId }, select: { courseId: true } });
    if (!lesson) throw notFound('Lesson', lessonId);
    const enrollment = await this.db.enrollment.findUnique({
      where: { userId_courseId: { userId: viewer.userId, courseId: lesson.courseId } },
    });
    if (!enrollment) throw forbidden('Enroll in this course before completing its lessons');

    return this.db.$transaction(async (tx) => {
      await tx.lessonCompletion.createMany({ data: [{ enrollmentId: enrollment.id, lessonId }], skipDuplicates: true });
      const [done, total] = await Promise.all([
        tx.lessonCompletion.count({ where: { enrollmentId: enrollment.id } }),
        tx.lesson.count({ where: { courseId: lesson.courseId } }),
      ]);
      const finished = done >= total;
      return tx.enrollment.update({
        where: { id: enrollment.id },
        data: {
          progressPercent: finished ? 100 : Math.floor((done * 100) / total),
          ...(finished && enrollment.status !== 'COMPLETED' ? { status: 'COMPLETED', completedAt: new Date() } : {}),
        },
      });
    });
  }

  byUsers(userIds: readonly string[]): Promise<Enrollment[]> {
    return this.db.enrollment.findMany({
      where: { userId: { in: [...userIds] } },
      orderBy: [{ enrolledAt: 'desc' }, { id: 'desc' }],
    });
  }

  /** Enrollments for "userId:courseId" keys (the viewer's enrollment in each listed course). */
  async byUserAndCourse(keys: readonly string[]): Promise<Array<Enrollment | undefined>> {
    const pairs = keys.map((key) => key.split(':') as [string, string]);
    const rows = await this.db.enrollment.findMany({
      where: {
        userId: { in: [...new Set(pairs.map(([userId]) => userId))] },
        courseId: { in: pairs.map(([, courseId]) => courseId) },
      },
    });
    const found = new Map(rows.map((row) => [`${row.userId}:${row.courseId}`, row]));
    return keys.map((key) => found.get(key));
  }

  completionsByEnrollments(enrollmentIds: readonly string[]): Promise<LessonCompletion[]> {
    return this.db.lessonCompletion.findMany({
      where: { enrollmentId: { in: [...enrollmentIds] } },
      orderBy: { completedAt: 'asc' },
    });
  }
}
