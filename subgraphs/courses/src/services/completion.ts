/**
 * When an enrollment is complete: every lesson done and every required quiz of the course passed,
 * whichever comes last. Both paths that may complete it (a lesson completed, a quiz passed) lock
 * the enrollment's row first, so they take turns and the second one sees the first one's work:
 * without the lock each could miss the other's uncommitted half and neither would complete it.
 */
import type { Prisma } from '../generated/prisma/client.ts';

type Tx = Prisma.TransactionClient;

/** Takes the enrollment's row lock until the transaction ends (an UPDATE that changes nothing). */
export async function lockEnrollment(tx: Tx, enrollmentId: string): Promise<void> {
  await tx.enrollment.updateMany({ where: { id: enrollmentId }, data: { progressPercent: { increment: 0 } } });
}

/** True when the learner passed every required quiz of the course that quizzes announced. */
export async function requiredQuizzesPassed(tx: Tx, userId: string, courseId: string): Promise<boolean> {
  const required = await tx.courseQuiz.findMany({ where: { courseId, required: true }, select: { quizId: true } });
  if (!required.length) return true;
  const passed = await tx.quizPass.count({ where: { userId, quizId: { in: required.map((quiz) => quiz.quizId) } } });
  return passed === required.length;
}

/** True when every lesson of the course is completed in this enrollment. */
export async function allLessonsDone(tx: Tx, enrollmentId: string, courseId: string): Promise<boolean> {
  const [done, total] = await Promise.all([
    tx.lessonCompletion.count({ where: { enrollmentId } }),
    tx.lesson.count({ where: { courseId } }),
  ]);
  return total > 0 && done >= total;
}
