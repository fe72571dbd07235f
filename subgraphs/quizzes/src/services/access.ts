/** Who may do what with a quiz: its course's owner and admins author it; anyone sees it once published. */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import { forbidden, notFound } from '#platform/errors.ts';
import type { QuizView } from '../models.ts';

export const isAuthor = (viewer: Viewer | undefined, ownerId: string): boolean =>
  Boolean(viewer) && (viewer!.userId === ownerId || hasRole(viewer, 'ADMIN'));

export const canSee = (quiz: Pick<QuizView, 'status' | 'ownerId'>, viewer: Viewer | undefined): boolean =>
  quiz.status === 'PUBLISHED' || isAuthor(viewer, quiz.ownerId);

/** The quiz if the viewer authors it; a draft they cannot see does not exist for them. */
export function requireAuthor(quiz: QuizView | null, viewer: Viewer, id: string): QuizView {
  if (!quiz || !canSee(quiz, viewer)) throw notFound('Quiz', id);
  if (!isAuthor(viewer, quiz.ownerId)) throw forbidden("Only the course's owner and admins can edit its quizzes");
  return quiz;
}
