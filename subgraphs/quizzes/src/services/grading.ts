/**
 * Grades an attempt exactly once, however many submits, sweeps and replicas race for it: the
 * conditional update out of IN_PROGRESS decides who grades; the others read the result. The
 * grade, QUIZ_SUBMITTED and (on a first pass, decided by the QuizPass row) QUIZ_PASSED commit
 * together.
 */
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { QuizzesDb } from '../db.ts';
import type { QuizAttempt } from '../generated/prisma/client.ts';
import { gradeAttempt } from '../rules/grading.ts';

export class AttemptGrader {
  constructor(
    private readonly db: QuizzesDb,
    private readonly events: SubgraphEvents,
  ) {}

  /** `expired`: graded by its deadline (EXPIRED, not submitted), else submitted by its learner. */
  grade(attemptId: string, expired: boolean, now = new Date()): Promise<QuizAttempt> {
    return this.events.transaction(this.db, async (tx) => {
      const claimed = await tx.quizAttempt.updateMany({
        where: { id: attemptId, status: 'IN_PROGRESS' },
        data: { status: expired ? 'EXPIRED' : 'SUBMITTED', submittedAt: expired ? null : now, gradedAt: now, activeKey: null },
      });
      // Graded already (a concurrent submit, the sweeper): its result stands.
      if (claimed.count === 0) return tx.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });

      const attempt = await tx.quizAttempt.findUniqueOrThrow({
        where: { id: attemptId },
        include: { quiz: true, items: { include: { question: true }, orderBy: { position: 'asc' } } },
      });
      const { quiz, items, ...row } = attempt;
      const grade = gradeAttempt(
        items.map((item) => ({ questionId: item.questionId, question: item.question, selected: item.selected })),
        quiz.passingScore,
      );
      for (const item of grade.items) {
        await tx.attemptQuestion.update({
          where: { attemptId_questionId: { attemptId, questionId: item.questionId } },
          data: { correct: item.correct, pointsAwarded: item.pointsAwarded },
        });
      }
      const graded = await tx.quizAttempt.update({
        where: { id: attemptId },
        data: { score: grade.score, passed: grade.passed },
      });
      const facts = {
        attemptId,
        userId: row.userId,
        quizId: quiz.id,
        courseId: row.courseId,
        score: grade.score,
        attemptNumber: row.number,
      };
      await this.events.stage(tx, 'QUIZ_SUBMITTED', { ...facts, passed: grade.passed, expired });
      if (grade.passed) {
        const firstPass = await tx.quizPass.createMany({
          data: [{ quizId: quiz.id, userId: row.userId, attemptId, score: grade.score, passedAt: now }],
          skipDuplicates: true,
        });
        if (firstPass.count === 1)
          await this.events.stage(tx, 'QUIZ_PASSED', { ...facts, quizTitle: quiz.title, required: quiz.required });
      }
      return graded;
    });
  }
}
