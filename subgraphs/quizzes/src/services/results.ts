/**
 * Item analysis for a quiz's owner and admins: attempts, learners, pass rate, average score, and
 * for each question version that appeared in a graded attempt how often it was answered right.
 * Aggregated by the database (a constant number of statements, whatever the number of attempts).
 */
import type { Viewer } from '#platform/auth/viewer.ts';
import { parseInput } from '#platform/validation.ts';
import type { QuizzesDb } from '../db.ts';
import { questionView, type QuizResultsView } from '../models.ts';
import { questionFigures, rate } from '../rules/results.ts';
import { requireAuthor } from './access.ts';
import type { QuizCatalog } from './catalog.ts';
import { id } from './inputs.ts';

const GRADED = { in: ['SUBMITTED', 'EXPIRED'] as Array<'SUBMITTED' | 'EXPIRED'> };

export class QuizResults {
  constructor(
    private readonly db: QuizzesDb,
    private readonly catalog: QuizCatalog,
  ) {}

  async of(viewer: Viewer, rawQuizId: unknown): Promise<QuizResultsView> {
    const quizId = parseInput(id, rawQuizId);
    const quiz = requireAuthor(await this.catalog.one(quizId), viewer, quizId);
    const graded = { quizId, status: GRADED };
    const [totals, learners, passed, perQuestion, rightPerQuestion] = await Promise.all([
      this.db.quizAttempt.aggregate({ where: graded, _count: { _all: true }, _avg: { score: true } }),
      this.db.quizAttempt.groupBy({ by: ['userId'], where: graded }),
      this.db.quizPass.count({ where: { quizId } }),
      this.db.attemptQuestion.groupBy({
        by: ['questionId'],
        where: { attempt: graded },
        _count: { _all: true },
        _sum: { pointsAwarded: true },
      }),
      this.db.attemptQuestion.groupBy({ by: ['questionId'], where: { attempt: graded, correct: true }, _count: { _all: true } }),
    ]);
    const right = new Map(rightPerQuestion.map((row) => [row.questionId, row._count._all]));
    const questions = await this.db.question.findMany({
      where: { id: { in: perQuestion.map((row) => row.questionId) } },
      orderBy: [{ position: 'asc' }, { version: 'asc' }, { id: 'asc' }],
    });
    const counts = new Map(perQuestion.map((row) => [row.questionId, row]));
    return {
      quiz,
      attempts: totals._count._all,
      learners: learners.length,
      passRate: rate(passed, learners.length),
      averageScore: totals._avg.score ?? 0,
      questions: questions.map((question) => {
        const row = counts.get(question.id)!;
        return {
          question: questionView(question, quiz.ownerId, true),
          ...questionFigures({
            questionId: question.id,
            attempts: row._count._all,
            correct: right.get(question.id) ?? 0,
            pointsAwarded: row._sum.pointsAwarded ?? 0,
          }),
        };
      }),
    };
  }
}
