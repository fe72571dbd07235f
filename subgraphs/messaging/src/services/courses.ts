/**
 * What messaging keeps of courses' facts, from courses' events: who teaches each course
 * (COURSE_CREATED, COURSE_UPDATED) and who is enrolled (ENROLLMENT_CREATED / ENDED). It decides who
 * may talk to whom, and who belongs to each course's announcement conversation (its owner and its
 * enrolled learners), kept up to date here as enrollments come and go.
 */
import type { MessagingDb, MessagingTx } from '../db.ts';
import type { Conversation } from '../generated/prisma/client.ts';

export class CourseFacts {
  constructor(private readonly db: MessagingDb) {}

  async courseCreated(tx: MessagingTx, course: { courseId: string; instructorId: string; title: string }): Promise<void> {
    const { courseId, instructorId, title } = course;
    await tx.course.upsert({
      where: { id: courseId },
      create: { id: courseId, instructorId, title },
      update: { instructorId, title },
    });
    const conversation = await this.announcementsOf(tx, courseId);
    await tx.conversationMember.createMany({
      data: [{ conversationId: conversation.id, userId: instructorId }],
      skipDuplicates: true,
    });
  }

  async courseUpdated(tx: MessagingTx, { courseId, title }: { courseId: string; title: string }): Promise<void> {
    await tx.course.updateMany({ where: { id: courseId }, data: { title } });
  }

  /** ENROLLMENT_CREATED (active) or ENROLLMENT_ENDED (not), unless a later event already said otherwise. */
  async enrollment(tx: MessagingTx, { userId, courseId }: { userId: string; courseId: string }, active: boolean, at: Date) {
    const { count } = await tx.enrollment.updateMany({
      where: { userId, courseId, changedAt: { lt: at } },
      data: { active, changedAt: at },
    });
    const applied =
      count > 0 ||
      (await tx.enrollment.createMany({ data: [{ userId, courseId, active, changedAt: at }], skipDuplicates: true })).count > 0;
    if (!applied) return;
    const conversation = await this.announcementsOf(tx, courseId);
    if (active) {
      await tx.conversationMember.createMany({ data: [{ conversationId: conversation.id, userId }], skipDuplicates: true });
    } else {
      const course = await tx.course.findUnique({ where: { id: courseId }, select: { instructorId: true } });
      if (course?.instructorId !== userId)
        await tx.conversationMember.deleteMany({ where: { conversationId: conversation.id, userId } });
    }
  }

  /** The course's announcement conversation, made on first need (concurrent twins get the same one). */
  async announcementsOf(tx: MessagingTx, courseId: string): Promise<Conversation> {
    await tx.conversation.createMany({ data: [{ kind: 'COURSE_ANNOUNCEMENTS', courseId }], skipDuplicates: true });
    return tx.conversation.findUniqueOrThrow({ where: { courseId } });
  }

  course(courseId: string) {
    return this.db.course.findUnique({ where: { id: courseId } });
  }

  coursesByIds(ids: readonly string[]) {
    return this.db.course.findMany({ where: { id: { in: [...ids] } } });
  }

  /** The learner is enrolled (now) in a course the instructor teaches. */
  async learnsFrom(learnerId: string, instructorId: string): Promise<boolean> {
    const taught = await this.db.course.findMany({ where: { instructorId }, select: { id: true } });
    if (!taught.length) return false;
    const enrolled = await this.db.enrollment.count({
      where: { userId: learnerId, active: true, courseId: { in: taught.map((course) => course.id) } },
    });
    return enrolled > 0;
  }
}
