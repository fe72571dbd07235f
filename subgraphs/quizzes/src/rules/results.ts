/** Item analysis figures from counts. Pure. */

/** part / whole, 0 when there is no whole. */
export const rate = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);

export interface QuestionCounts {
  questionId: string;
  /** Graded attempts that held the question. */
  attempts: number;
  correct: number;
  pointsAwarded: number;
}

export const questionFigures = ({ attempts, correct, pointsAwarded }: QuestionCounts) => ({
  attempts,
  correctRate: rate(correct, attempts),
  averagePoints: rate(pointsAwarded, attempts),
});
