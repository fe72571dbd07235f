/**
 * The parent types of the resolvers (codegen.ts maps the GraphQL types to these). Policies decide
 * on the parent alone (they get no loaders), so quizzes and questions carry their course owner.
 */
import type {
  AttemptQuestion as AttemptQuestionRow,
  Question as QuestionRow,
  Quiz as QuizRow,
  QuizAttempt,
} from './generated/prisma/client.ts';

/** A quiz with the owner of its course (the quizOwner policy's subject). */
export type QuizView = QuizRow & { ownerId: string };

/**
 * A question version with its quiz's course owner, and whether its explanation may be shown: to
 * the owner and admins always, to a learner once the attempt that holds it is graded.
 */
export type QuestionView = QuestionRow & { ownerId: string; revealed: boolean };

/** A question of an attempt, with the learner's answer and (once graded) its grade. */
export type AnswerView = AttemptQuestionRow & { question: QuestionView; graded: boolean };

export type { QuizAttempt };

export interface QuestionResultView {
  question: QuestionView;
  attempts: number;
  correctRate: number;
  averagePoints: number;
}

export interface QuizResultsView {
  quiz: QuizView;
  attempts: number;
  learners: number;
  passRate: number;
  averageScore: number;
  questions: QuestionResultView[];
}

export const questionView = (question: QuestionRow, ownerId: string, revealed: boolean): QuestionView => ({
  ...question,
  ownerId,
  revealed,
});

export const isGraded = (attempt: Pick<QuizAttempt, 'status'>): boolean => attempt.status !== 'IN_PROGRESS';
