/**
 * Enrolled learners take published quizzes: an attempt starts with its questions fixed (the
 * versions current then, shuffled once by the attempt's id when the quiz shuffles), collects
 * answers until its deadline, and is graded once (grading.ts). The deadline is the server's:
 * answers after it are refused, and an attempt found past it is graded as EXPIRED.
 */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import { badInput, conflict, deadlinePassed, forbidden, isUniqueViolation, notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { parseInput } from '#platform/validation.ts';
import type { QuizzesDb } from '../db.ts';
import type { AttemptQuestion, Question, QuizAttempt } from '../generated/prisma/client.ts';
import { readAnswer } from '../rules/answers.ts';
import { deadlineOf, isPastDeadline } from '../rules/grading.ts';
import { stableShuffle } from '../rules/shuffle.ts';
import { canSee } from './access.ts';
import { currentQuestions, type QuizCatalog } from './catalog.ts';
import type { AttemptGrader } from './grading.ts';
import { answerInput, id } from './inputs.ts';
import type { CourseReplicas } from './replica.ts';

const activeKeyOf = (userId: string, quizId: string) => `${userId}:${quizId}`;
const tooLate = (deadline: Date) =>
  deadlinePassed('The time allowed for this attempt is over: it was graded with the answers it had', deadline);
/** An answer to a graded attempt: past its deadline (whether the sweeper or this call graded it) or submitted. */
const graded = (attempt: QuizAttempt) =>
  attempt.status === 'EXPIRED' && attempt.deadline
    ? tooLate(attempt.deadline)
    : badInput('This attempt is submitted: start a new attempt to answer again');

export type AttemptItem = AttemptQuestion & { question: Question };

export class QuizAttempts {
  constructor(
    private readonly db: QuizzesDb,
    private readonly events: SubgraphEvents,
    private readonly catalog: QuizCatalog,
    private readonly replicas: CourseReplicas,
    private readonly grader: AttemptGrader,
  ) {}

  /** The viewer's attempt in progress at this quiz, or a new one if attempts are left. */
  async start(viewer: Viewer, rawQuizId: unknown): Promise<QuizAttempt> {
    const quizId = parseInput(id, rawQuizId);
    const quiz = await this.catalog.one(quizId);
    if (!quiz || !canSee(quiz, viewer)) throw notFound('Quiz', quizId);
    if (quiz.status !== 'PUBLISHED') throw badInput('This quiz is a draft: publish it before it can be taken');
    await this.requireEnrolled(viewer, quiz.courseId);

    const activeKey = activeKeyOf(viewer.userId, quizId);
    const running = await this.db.quizAttempt.findUnique({ where: { activeKey } });
    if (running) {
      if (!isPastDeadline(running.deadline, new Date())) return running;
      await this.grader.grade(running.id, true);
    }
    try {
      return await this.events.transaction(this.db, async (tx) => {
        // The first attempt freezes the questions (authoring versions them from then on); it
        // waits for an edit under way to commit, then takes the questions as edited.
        await tx.quiz.updateMany({ where: { id: quizId, hasAttempts: false }, data: { hasAttempts: true } });
        const earlier = await tx.quizAttempt.count({ where: { quizId, userId: viewer.userId } });
        if (quiz.maxAttempts !== null && earlier >= quiz.maxAttempts) {
          throw forbidden(`No attempts left: this quiz allows ${quiz.maxAttempts} and you have used them`);
        }
        const questions = await currentQuestions(tx, [quizId]);
        const startedAt = new Date();
        const attempt = await tx.quizAttempt.create({
          data: {
            quizId,
            userId: viewer.userId,
            courseId: quiz.courseId,
            number: earlier + 1,
            startedAt,
            deadline: deadlineOf(startedAt, quiz.timeLimitSeconds),
            activeKey,
          },
        });
        const order = quiz.shuffleQuestions ? stableShuffle(questions, attempt.id) : questions;
        await tx.attemptQuestion.createMany({
          data: order.map((question, index) => ({
            attemptId: attempt.id,
            questionId: question.id,
            position: index + 1,
            selected: [],
          })),
        });
        await this.events.stage(tx, 'QUIZ_STARTED', {
          attemptId: attempt.id,
          userId: viewer.userId,
          quizId,
          courseId: quiz.courseId,
          lessonId: quiz.lessonId,
          attemptNumber: attempt.number,
          deadline: attempt.deadline?.toISOString() ?? null,
        });
        return attempt;
      });
    } catch (error) {
      // The same learner starting twice at once: the unique keys let the other request win.
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.db.quizAttempt.findUnique({ where: { activeKey } });
      if (winner) return winner;
      throw conflict('Another attempt at this quiz was started or graded at the same time: try again');
    }
  }

  /** Records the answer (replacing an earlier one) while the attempt is in progress and on time. */
  async answer(viewer: Viewer, raw: unknown): Promise<QuizAttempt> {
    const { attemptId, questionId, answer } = parseInput(answerInput, raw);
    const attempt = await this.own(viewer, attemptId);
    if (attempt.status !== 'IN_PROGRESS') throw graded(attempt);
    await this.requireEnrolled(viewer, attempt.courseId);
    const now = new Date();
    if (isPastDeadline(attempt.deadline, now)) {
      await this.grader.grade(attempt.id, true, now);
      throw tooLate(attempt.deadline!);
    }
    const item = await this.db.attemptQuestion.findUnique({
      where: { attemptId_questionId: { attemptId, questionId } },
      include: { question: true },
    });
    if (!item)
      throw badInput('This question is not part of the attempt', [
        { field: 'questionId', message: 'is not a question of this attempt' },
      ]);
    const reading = readAnswer(item.question, answer);
    if (!reading.ok) throw badInput(`Invalid answer: ${reading.problem}`, [{ field: 'answer', message: reading.problem }]);

    const recorded = await this.db.$transaction(async (tx) => {
      // Touching the attempt locks it: an answer commits before the grading or is refused after it.
      const open = await tx.quizAttempt.updateMany({
        where: { id: attemptId, status: 'IN_PROGRESS', OR: [{ deadline: null }, { deadline: { gt: now } }] },
        data: { lastAnswerAt: now },
      });
      if (open.count === 0) return false;
      await tx.attemptQuestion.update({
        where: { attemptId_questionId: { attemptId, questionId } },
        data: { selected: reading.values, answeredAt: now },
      });
      return true;
    });
    const current = await this.db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    if (recorded) return current;
    if (current.status !== 'IN_PROGRESS') throw graded(current);
    await this.grader.grade(attemptId, true, now);
    throw tooLate(current.deadline!);
  }

  /** Grades the attempt; a submit past the deadline grades it as EXPIRED. Submitting again returns the grade. */
  async submit(viewer: Viewer, rawAttemptId: unknown): Promise<QuizAttempt> {
    const attempt = await this.own(viewer, parseInput(id, rawAttemptId));
    if (attempt.status !== 'IN_PROGRESS') return attempt;
    // Once the enrollment has ended (a refund) the attempt is left IN_PROGRESS: the sweeper grades a
    // timed one EXPIRED at its deadline with the answers given while enrolled (what a submit just
    // before the end would have graded); an untimed one waits for the learner to enroll again.
    await this.requireEnrolled(viewer, attempt.courseId);
    const now = new Date();
    return this.grader.grade(attempt.id, isPastDeadline(attempt.deadline, now), now);
  }

  /** An attempt, for its learner and admins; NOT_FOUND for anyone else. */
  async find(viewer: Viewer, rawId: unknown): Promise<QuizAttempt> {
    const attemptId = parseInput(id, rawId);
    const attempt = await this.db.quizAttempt.findUnique({ where: { id: attemptId } });
    if (!attempt || (attempt.userId !== viewer.userId && !hasRole(viewer, 'ADMIN'))) throw notFound('QuizAttempt', attemptId);
    return attempt;
  }

  /** The viewer's own attempt (admins act only as learners here); NOT_FOUND for anyone else's. */
  private async own(viewer: Viewer, attemptId: string): Promise<QuizAttempt> {
    const attempt = await this.db.quizAttempt.findUnique({ where: { id: attemptId } });
    if (!attempt || attempt.userId !== viewer.userId) throw notFound('QuizAttempt', attemptId);
    return attempt;
  }

  /** Taking a quiz, answering and submitting included, is for learners enrolled in its course now. */
  private async requireEnrolled(viewer: Viewer, courseId: string): Promise<void> {
    if (!(await this.replicas.isEnrolled(viewer.userId, courseId))) throw forbidden('Enroll in the course to take its quizzes');
  }

  /** Newest first. */
  byUsers(userIds: readonly string[]): Promise<QuizAttempt[]> {
    return this.db.quizAttempt.findMany({
      where: { userId: { in: [...userIds] } },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    });
  }

  /** In each attempt's order. */
  itemsByAttempts(attemptIds: readonly string[]): Promise<AttemptItem[]> {
    return this.db.attemptQuestion.findMany({
      where: { attemptId: { in: [...attemptIds] } },
      include: { question: true },
      orderBy: [{ attemptId: 'asc' }, { position: 'asc' }],
    });
  }
}
