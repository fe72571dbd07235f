/**
 * What media keeps of courses' facts, from courses' events: who owns each course, which course
 * each lesson belongs to, who is enrolled. Written by the consumer (inside its transaction), read
 * to authorize attachments without calling courses.
 */
import type { MediaDb, MediaTx } from '../db.ts';
import type { CourseEnrollment, CourseReplica, LessonReplica } from '../generated/prisma/client.ts';

export class CourseReplicas {
  constructor(private readonly db: MediaDb) {}

  async courseCreated(tx: MediaTx, course: { courseId: string; instructorId: string }): Promise<void> {
    await tx.courseReplica.upsert({
      where: { id: course.courseId },
      create: { id: course.courseId, instructorId: course.instructorId },
      update: { instructorId: course.instructorId },
    });
  }

  async lessonAdded(tx: MediaTx, lesson: { lessonId: string; courseId: string }): Promise<void> {
    await tx.lessonReplica.upsert({
      where: { id: lesson.lessonId },
      create: { id: lesson.lessonId, courseId: lesson.courseId },
      update: { courseId: lesson.courseId },
    });
  }

  /** ENROLLMENT_CREATED (active) or ENROLLMENT_ENDED (not), unless a later event already said otherwise. */
  async enrollment(
    tx: MediaTx,
    { userId, courseId }: { userId: string; courseId: string },
    active: boolean,
    at: Date,
  ): Promise<void> {
    const { count } = await tx.courseEnrollment.updateMany({
      where: { userId, courseId, changedAt: { lt: at } },
      data: { active, changedAt: at },
    });
    if (count === 0)
      await tx.courseEnrollment.createMany({ data: [{ userId, courseId, active, changedAt: at }], skipDuplicates: true });
  }

  lessons(ids: readonly string[]): Promise<LessonReplica[]> {
    return this.db.lessonReplica.findMany({ where: { id: { in: [...ids] } } });
  }

  courses(ids: readonly string[]): Promise<CourseReplica[]> {
    return this.db.courseReplica.findMany({ where: { id: { in: [...ids] } } });
  }

  /** Active enrollments among `keys` ("<userId>:<courseId>"). */
  activeEnrollments(keys: readonly string[]): Promise<CourseEnrollment[]> {
    const pairs = keys.map((key) => {
      const [userId, courseId] = key.split(':') as [string, string];
      return { userId, courseId };
    });
    return this.db.courseEnrollment.findMany({ where: { active: true, OR: pairs } });
  }
}
