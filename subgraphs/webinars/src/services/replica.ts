/**
 * What webinars keeps of courses' facts, from courses' events: who owns each course (a course
 * webinar's host must) and who is enrolled (only they register for it). Written by the consumer
 * inside its transaction, read to authorize without calling courses.
 */
import type { WebinarsDb, WebinarsTx } from '../db.ts';
import type { CourseReplica } from '../generated/prisma/client.ts';

export class CourseReplicas {
  constructor(private readonly db: WebinarsDb) {}

  async courseCreated(tx: WebinarsTx, course: { courseId: string; instructorId: string; title: string }): Promise<void> {
    await tx.courseReplica.upsert({
      where: { id: course.courseId },
      create: { id: course.courseId, instructorId: course.instructorId, title: course.title },
      update: { instructorId: course.instructorId, title: course.title },
    });
  }

  /**
   * ENROLLMENT_CREATED (active) or ENROLLMENT_ENDED (not), unless a later event already said
   * otherwise; true when this event's state was applied.
   */
  async enrollment(
    tx: WebinarsTx,
    { userId, courseId }: { userId: string; courseId: string },
    active: boolean,
    at: Date,
  ): Promise<boolean> {
    const { count } = await tx.courseEnrollment.updateMany({
      where: { userId, courseId, changedAt: { lt: at } },
      data: { active, changedAt: at },
    });
    if (count > 0) return true;
    const created = await tx.courseEnrollment.createMany({
      data: [{ userId, courseId, active, changedAt: at }],
      skipDuplicates: true,
    });
    return created.count > 0;
  }

  course(courseId: string): Promise<CourseReplica | null> {
    return this.db.courseReplica.findUnique({ where: { id: courseId } });
  }

  async isEnrolled(userId: string, courseId: string): Promise<boolean> {
    return (await this.db.courseEnrollment.count({ where: { userId, courseId, active: true } })) > 0;
  }
}
