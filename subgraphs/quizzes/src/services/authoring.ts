/**
 * Instructors write quizzes for the courses they own (admins for any course): a draft, its
 * questions, then publication (QUIZ_PUBLISHED). Once a quiz has attempts its questions are never
 * changed in place: an edit retires the version attempts hold and adds the next version.
 * Every change locks the quiz's row first, so authoring and the first attempt's start take turns.
 */
import { randomUUID } from 'node:crypto';
import type { Viewer } from '#platform/auth/viewer.ts';
import { badInput, conflict, forbidden, isUniqueViolation, notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { parseInput } from '#platform/validation.ts';
import type { QuizzesDb, QuizzesTx } from '../db.ts';
import type { Question } from '../generated/prisma/client.ts';
import { questionView, type QuestionView, type QuizView } from '../models.ts';
import { isAuthor, requireAuthor } from './access.ts';
import { QuizCatalog, withOwner, quizView } from './catalog.ts';
import { createQuizInput, id, MAX_QUESTIONS, questionInput, type QuestionInput } from './inputs.ts';
import type { CourseReplicas } from './replica.ts';

const replaced = () => conflict('This version of the question was replaced or removed: edit the current version');

export class QuizAuthoring {
  constructor(
    private readonly db: QuizzesDb,
    private readonly events: SubgraphEvents,
    private readonly catalog: QuizCatalog,
    private readonly replicas: CourseReplicas,
  ) {}

  async createQuiz(viewer: Viewer, raw: unknown): Promise<QuizView> {
    const input = parseInput(createQuizInput, raw);
    const course = await this.replicas.course(input.courseId);
    if (!course) throw notFound('Course', input.courseId);
    if (!isAuthor(viewer, course.instructorId)) throw forbidden("Only the course's owner and admins can add quizzes to it");
    if (input.lessonId) {
      const lesson = await this.replicas.lesson(input.lessonId);
      if (!lesson) throw notFound('Lesson', input.lessonId);
      if (lesson.courseId !== course.id)
        throw badInput('The lesson belongs to another course', [
          { field: 'lessonId', message: 'is not a lesson of this course' },
        ]);
    }
    try {
      const quiz = await this.db.quiz.create({ data: { ...input, createdBy: viewer.userId }, include: withOwner });
      return quizView(quiz);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('This lesson has a quiz already');
      throw error;
    }
  }

  async addQuestion(viewer: Viewer, rawQuizId: unknown, raw: unknown): Promise<QuestionView> {
    const quizId = parseInput(id, rawQuizId);
    const quiz = requireAuthor(await this.catalog.one(quizId), viewer, quizId);
    const input = parseInput(questionInput, raw);
    const question = await this.db.$transaction(async (tx) => {
      await lockQuiz(tx, quizId);
      const current = await tx.question.aggregate({
        where: { quizId, retiredAt: null },
        _count: { _all: true },
        _max: { position: true },
      });
      if (current._count._all >= MAX_QUESTIONS) throw badInput(`A quiz has at most ${MAX_QUESTIONS} questions`);
      return tx.question.create({
        data: { ...input, quizId, lineageId: randomUUID(), position: (current._max.position ?? 0) + 1 },
      });
    });
    return questionView(question, quiz.ownerId, true);
  }

  /** Changed in place while the quiz has no attempts; else a new version (returned), attempts keep theirs. */
  async updateQuestion(viewer: Viewer, rawId: unknown, raw: unknown): Promise<QuestionView> {
    const { question, ownerId } = await this.authoredQuestion(viewer, rawId);
    const input: QuestionInput = parseInput(questionInput, raw);
    const updated = await this.db.$transaction(async (tx) => {
      const { hasAttempts } = await lockQuiz(tx, question.quizId);
      if (!hasAttempts) {
        const changed = await tx.question.updateMany({ where: { id: question.id, retiredAt: null }, data: input });
        if (changed.count === 0) throw replaced();
        return tx.question.findUniqueOrThrow({ where: { id: question.id } });
      }
      const retired = await tx.question.updateMany({
        where: { id: question.id, retiredAt: null },
        data: { retiredAt: new Date() },
      });
      if (retired.count === 0) throw replaced();
      try {
        return await tx.question.create({
          data: {
            ...input,
            quizId: question.quizId,
            lineageId: question.lineageId,
            version: question.version + 1,
            position: question.position,
          },
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw replaced();
        throw error;
      }
    });
    return questionView(updated, ownerId, true);
  }

  /** Out of the quiz (kept for the attempts that hold it); a published quiz keeps at least one question. */
  async removeQuestion(viewer: Viewer, rawId: unknown): Promise<QuizView> {
    const { question } = await this.authoredQuestion(viewer, rawId);
    await this.db.$transaction(async (tx) => {
      const quiz = await lockQuiz(tx, question.quizId);
      const left = await tx.question.count({ where: { quizId: question.quizId, retiredAt: null, id: { not: question.id } } });
      if (quiz.status === 'PUBLISHED' && left === 0) throw badInput('A published quiz keeps at least one question');
      const removed = quiz.hasAttempts
        ? await tx.question.updateMany({ where: { id: question.id, retiredAt: null }, data: { retiredAt: new Date() } })
        : await tx.question.deleteMany({ where: { id: question.id, retiredAt: null } });
      if (removed.count === 0) throw replaced();
    });
    return (await this.catalog.one(question.quizId))!;
  }

  /** Once: publishing a published quiz returns it unchanged and announces nothing. */
  async publishQuiz(viewer: Viewer, rawId: unknown): Promise<QuizView> {
    const quizId = parseInput(id, rawId);
    requireAuthor(await this.catalog.one(quizId), viewer, quizId);
    await this.events.transaction(this.db, async (tx) => {
      await lockQuiz(tx, quizId);
      const questions = await tx.question.count({ where: { quizId, retiredAt: null } });
      if (questions === 0) throw badInput('Add at least one question before publishing the quiz');
      const published = await tx.quiz.updateMany({
        where: { id: quizId, status: 'DRAFT' },
        data: { status: 'PUBLISHED', publishedAt: new Date() },
      });
      if (published.count === 0) return;
      const quiz = await tx.quiz.findUniqueOrThrow({ where: { id: quizId } });
      await this.events.stage(tx, 'QUIZ_PUBLISHED', {
        quizId,
        courseId: quiz.courseId,
        lessonId: quiz.lessonId,
        title: quiz.title,
        required: quiz.required,
      });
    });
    return (await this.catalog.one(quizId))!;
  }

  /** The current or past version of a question whose quiz the viewer authors. */
  private async authoredQuestion(viewer: Viewer, rawId: unknown): Promise<{ question: Question; ownerId: string }> {
    const questionId = parseInput(id, rawId);
    const question = await this.db.question.findUnique({ where: { id: questionId }, include: { quiz: { include: withOwner } } });
    if (!question) throw notFound('Question', questionId);
    const { quiz, ...row } = question;
    const view = quizView(quiz);
    if (!isAuthor(viewer, view.ownerId)) {
      // Questions are not public: an author of another course learns nothing from the error.
      throw view.status === 'PUBLISHED'
        ? forbidden("Only the course's owner and admins can edit its quizzes")
        : notFound('Question', questionId);
    }
    return { question: row, ownerId: view.ownerId };
  }
}

/** Locks the quiz's row until the transaction ends and returns it as it stands under the lock. */
export const lockQuiz = (tx: QuizzesTx, quizId: string) =>
  tx.quiz.update({ where: { id: quizId }, data: { updatedAt: new Date() } });
