/** Per-request DataLoaders: lists of any length cost one SQL statement per level. */
import DataLoader from 'dataloader';
import { byId, byKey, groupedBy } from '#platform/graphql/loaders.ts';
import type { QuizzesServices } from './services/index.ts';

export const createQuizzesLoaders = ({ catalog, attempts }: QuizzesServices) => ({
  quiz: new DataLoader(byId((ids) => catalog.byIds(ids))),
  /** Current questions, in order. */
  questionsByQuiz: new DataLoader(
    groupedBy(
      (ids) => catalog.questionsByQuizzes(ids),
      (question) => question.quizId,
    ),
  ),
  /** Oldest first. */
  quizzesByCourse: new DataLoader(
    groupedBy(
      (ids) => catalog.byCourses(ids),
      (quiz) => quiz.courseId,
    ),
  ),
  quizByLesson: new DataLoader(
    byKey(
      (ids) => catalog.byLessons(ids),
      (quiz) => quiz.lessonId!,
    ),
  ),
  /** Newest first. */
  attemptsByUser: new DataLoader(
    groupedBy(
      (ids) => attempts.byUsers(ids),
      (attempt) => attempt.userId,
    ),
  ),
  /** Each attempt's questions in its order, with the learner's answers. */
  itemsByAttempt: new DataLoader(
    groupedBy(
      (ids) => attempts.itemsByAttempts(ids),
      (item) => item.attemptId,
    ),
  ),
});

export type QuizzesLoaders = ReturnType<typeof createQuizzesLoaders>;

/**
 * After a mutation: an operation may hold several mutations, and what an earlier one loaded must
 * not answer for a later one.
 */
export function forgetAttempt(loaders: QuizzesLoaders, attempt: { id: string }): void {
  loaders.itemsByAttempt.clear(attempt.id);
  loaders.attemptsByUser.clearAll();
}

export function forgetQuiz(loaders: QuizzesLoaders, quiz: { id: string }): void {
  loaders.quiz.clear(quiz.id);
  loaders.questionsByQuiz.clear(quiz.id);
  loaders.quizzesByCourse.clearAll();
  loaders.quizByLesson.clearAll();
}
