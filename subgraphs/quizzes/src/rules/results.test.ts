import { expect, it } from '@jest/globals';
import { questionFigures, rate } from './results.ts';

it('gives rates and averages over the attempts that held a question, 0 without any', () => {
  expect(questionFigures({ questionId: 'q', attempts: 4, correct: 3, pointsAwarded: 6 })).toEqual({
    attempts: 4,
    correctRate: 0.75,
    averagePoints: 1.5,
  });
  expect(questionFigures({ questionId: 'q', attempts: 0, correct: 0, pointsAwarded: 0 })).toEqual({
    attempts: 0,
    correctRate: 0,
    averagePoints: 0,
  });
  expect(rate(1, 3)).toBeCloseTo(0.3333, 4);
});
