/** Reading quizzes and their current questions, in batches for the loaders. */
import type { Viewer } from '#platform/auth/viewer.ts';
import { notFound } from '#platform/errors.ts';
import { parseInput } from '#platform/validation.ts';
import type { QuizzesDb, QuizzesTx } from '../db.ts';
import type { Prisma, Question } from '../generated/prisma/client.ts';
import type { QuizView } from '../models.ts';
import { canSee } from './access.ts';
import { id } from './inputs.ts';

export const withOwner = { course: { select: { instructorId: true } } } as const;
type QuizWithOwner = Prisma.QuizGetPayload<{ include: typeof withOwner }>;

export const quizView = ({ course, ...quiz }: QuizWithOwner): QuizView => ({ ...quiz, ownerId: course.instructorId });

/** The quiz's current questions, in order. */
export const currentQuestions = (db: QuizzesDb | QuizzesTx, quizIds: readonly string[]): Promise<Question[]> =>
  db.question.findMany({
    where: { quizId: { in: [...quizIds] }, retiredAt: null },
    orderBy: [{ position: 'asc' }, { id: 'asc' }],
  });

export class QuizCatalog {
  constructor(private readonly db: QuizzesDb) {}

  async byIds(ids: readonly string[]): Promise<QuizView[]> {
    const rows = await this.db.quiz.findMany({ where: { id: { in: [...ids] } }, include: withOwner });
    return rows.map(quizView);
  }

  async byCourses(courseIds: readonly string[]): Promise<QuizView[]> {
    const rows = await this.db.quiz.findMany({
      where: { courseId: { in: [...courseIds] } },
      include: withOwner,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(quizView);
  }

  async byLessons(lessonIds: readonly string[]): Promise<QuizView[]> {
    const rows = await this.db.quiz.findMany({ where: { lessonId: { in: [...lessonIds] } }, include: withOwner });
    return rows.map(quizView);
  }

  async one(quizId: string): Promise<QuizView | null> {
    const row = await this.db.quiz.findUnique({ where: { id: quizId }, include: withOwner });
    return row ? quizView(row) : null;
  }

  /** A quiz the viewer may see; NOT_FOUND otherwise. */
  async find(viewer: Viewer | undefined, rawId: unknown): Promise<QuizView> {
    const quizId = parseInput(id, rawId);
    const quiz = await this.one(quizId);
    if (!quiz || !canSee(quiz, viewer)) throw notFound('Quiz', quizId);
    return quiz;
  }

  questionsByQuizzes(quizIds: readonly string[]): Promise<Question[]> {
    return currentQuestions(this.db, quizIds);
  }
}
