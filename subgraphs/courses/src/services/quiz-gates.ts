/**
 * What quizzes' events change in courses: the required quizzes of a course (QUIZ_PUBLISHED) and
 * learners' passes (QUIZ_PASSED). A pass that was the last thing an enrollment needed completes
 * it (COURSE_COMPLETED, once: the conditional update out of ACTIVE decides).
 */
import type { EventPayload } from '#platform/events/catalog.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { allLessonsDone, lockEnrollment, requiredQuizzesPassed } from './completion.ts';

type Tx = Prisma.TransactionClient;

export class QuizGates {
  constructor(private readonly events: SubgraphEvents) {}

  async quizPublished(tx: Tx, quiz: EventPayload<'QUIZ_PUBLISHED'>, at: Date): Promise<void> {
    await tx.courseQuiz.upsert({
      where: { quizId: quiz.quizId },
      create: { quizId: quiz.quizId, courseId: quiz.courseId, required: quiz.required, publishedAt: at },
      update: { required: quiz.required },
    });
  }

  async quizPassed(tx: Tx, pass: EventPayload<'QUIZ_PASSED'>, at: Date): Promise<void> {
    const { userId, quizId, courseId } = pass;
    await tx.quizPass.createMany({ data: [{ userId, quizId, courseId, passedAt: at }], skipDuplicates: true });
    const enrollment = await tx.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
    if (!enrollment || enrollment.status !== 'ACTIVE') return;
    await lockEnrollment(tx, enrollment.id);
    if (!(await allLessonsDone(tx, enrollment.id, courseId)) || !(await requiredQuizzesPassed(tx, userId, courseId))) return;
    const completed = await tx.enrollment.updateMany({
      where: { id: enrollment.id, status: 'ACTIVE' },
      data: { status: 'COMPLETED', completedAt: at, progressPercent: 100 },
    });
    if (completed.count === 0) return;
    const course = await tx.course.findUniqueOrThrow({ where: { id: courseId }, select: { title: true } });
    await this.events.stage(tx, 'COURSE_COMPLETED', { enrollmentId: enrollment.id, userId, courseId, courseTitle: course.title });
  }
}
