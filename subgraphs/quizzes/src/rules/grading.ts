/**
 * Grading an attempt: each question is all or nothing (its points when right, 0 otherwise, an
 * unanswered question is wrong), the score is the share of points earned, rounded down, and the
 * attempt passes at the quiz's passing score. Pure.
 */
import { isCorrect, type AnswerableQuestion } from './answers.ts';

export interface GradableItem {
  questionId: string;
  question: AnswerableQuestion & { points: number };
  selected: readonly string[];
}

export interface ItemGrade {
  questionId: string;
  correct: boolean;
  pointsAwarded: number;
}

export interface AttemptGrade {
  items: ItemGrade[];
  pointsAwarded: number;
  totalPoints: number;
  /** 0-100. */
  score: number;
  passed: boolean;
}

export function gradeItem(item: GradableItem): ItemGrade {
  const correct = isCorrect(item.question, item.selected);
  return { questionId: item.questionId, correct, pointsAwarded: correct ? item.question.points : 0 };
}

/** Rounded down, so a score shown as 70 never stands for 69.9 of a quiz that needs 70. */
export const scoreOf = (pointsAwarded: number, totalPoints: number): number =>
  totalPoints > 0 ? Math.floor((pointsAwarded * 100) / totalPoints) : 0;

export function gradeAttempt(items: readonly GradableItem[], passingScore: number): AttemptGrade {
  const grades = items.map(gradeItem);
  const pointsAwarded = grades.reduce((sum, grade) => sum + grade.pointsAwarded, 0);
  const totalPoints = items.reduce((sum, item) => sum + item.question.points, 0);
  const score = scoreOf(pointsAwarded, totalPoints);
  return { items: grades, pointsAwarded, totalPoints, score, passed: score >= passingScore };
}

/** When an attempt started now must end: null without a time limit. */
export const deadlineOf = (startedAt: Date, timeLimitSeconds: number | null): Date | null =>
  timeLimitSeconds === null ? null : new Date(startedAt.getTime() + timeLimitSeconds * 1000);

export const isPastDeadline = (deadline: Date | null, now: Date): boolean =>
  deadline !== null && now.getTime() >= deadline.getTime();
