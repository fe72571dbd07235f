/** Learners enroll in published courses and complete lessons; progress follows. */
import type { Viewer } from '#platform/auth/viewer.ts';
import { badInput, forbidden, isUniqueViolation, notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { CoursesDb } from '../db.ts';
import type { Enrollment, LessonCompletion } from '../generated/prisma/client.ts';
import { canSee } from './access.ts';
import { lockEnrollment, requiredQuizzesPassed } from './completion.ts';
import type { CourseAccess } from './course-access.ts';

export class Enrollments {
  constructor(
    private readonly db: CoursesDb,
    private readonly events: SubgraphEvents,
    private readonly courseAccess: CourseAccess,
  ) {}

  /** Idempotent: enrolling again returns the existing enrollment (and announces nothing). */
  async enroll(viewer: Viewer, courseId: string): Promise<Enrollment> {
    const course = await this.db.course.findUnique({ where: { id: courseId } });
    if (!course || !canSee(course, viewer)) throw notFound('Course', courseId);
    if (course.status !== 'PUBLISHED') throw badInput('This course is not open for enrollment (it is not published)');
    const key = { userId_courseId: { userId: viewer.userId, courseId } };
    const existing = await this.db.enrollment.findUnique({ where: key });
    if (existing && existing.status !== 'ENDED') return existing;
    await this.courseAccess.requireAccess(viewer.userId, courseId);
    if (existing) return existing;
    try {
      return await this.events.transaction(this.db, async (tx) => {
        const enrollment = await tx.enrollment.create({ data: { userId: viewer.userId, courseId } });
        await this.events.stage(tx, 'ENROLLMENT_CREATED', { enrollmentId: enrollment.id, userId: viewer.userId, courseId });
        return enrollment;
      });
    } catch (error) {
      // The same learner enrolling twice at once: the other request created it.
      if (isUniqueViolation(error)) return this.db.enrollment.findUniqueOrThrow({ where: key });
      throw error;
    }
  }

  /** Records the lesson as done (once) and recomputes the enrollment's progress. */
  async completeLesson(viewer: Viewer, lessonId: string): Promise<Enrollment> {
    const lesson = await this.db.lesson.findUnique({ where: { id: lessonId }, select: { courseId: true } });
    if (!lesson) throw notFound('Lesson', lessonId);
    const enrollment = await this.db.enrollment.findUnique({
      where: { userId_courseId: { userId: viewer.userId, courseId: lesson.courseId } },
    });
    if (!enrollment) throw forbidden('Enroll in this course before completing its lessons');
    if (enrollment.status === 'ENDED') throw forbidden('Your enrollment in this course has ended');

    return this.events.transaction(this.db, async (tx) => {
      await lockEnrollment(tx, enrollment.id);
      const first = await tx.lessonCompletion.createMany({
        data: [{ enrollmentId: enrollment.id, lessonId }],
        skipDuplicates: true,
      });
      const [done, total] = await Promise.all([
        tx.lessonCompletion.count({ where: { enrollmentId: enrollment.id } }),
        tx.lesson.count({ where: { courseId: lesson.courseId } }),
      ]);
      const progressPercent = done >= total ? 100 : Math.floor((done * 100) / total);
      // Only the transaction that moves the enrollment out of ACTIVE announces the completion;
      // required quizzes passed too (completion.ts: a quiz passed last completes it instead).
      const completedNow =
        progressPercent === 100 &&
        (await requiredQuizzesPassed(tx, viewer.userId, lesson.courseId)) &&
        (
          await tx.enrollment.updateMany({
            where: { id: enrollment.id, status: 'ACTIVE' },
            data: { status: 'COMPLETED', completedAt: new Date() },
          })
        ).count === 1;
      const updated = await tx.enrollment.update({ where: { id: enrollment.id }, data: { progressPercent } });
      const facts = { enrollmentId: enrollment.id, userId: viewer.userId, courseId: lesson.courseId };
      if (first.count === 1) await this.events.stage(tx, 'LESSON_COMPLETED', { ...facts, lessonId, progressPercent });
      if (completedNow) {
        const course = await tx.course.findUniqueOrThrow({ where: { id: lesson.courseId }, select: { title: true } });
        await this.events.stage(tx, 'COURSE_COMPLETED', { ...facts, courseTitle: course.title });
      }
      return updated;
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
