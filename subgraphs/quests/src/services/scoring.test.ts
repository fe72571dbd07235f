import { describe, expect, it } from '@jest/globals';
import { feedback, runScore, stepPoints, stepStates, xpFor } from './scoring.ts';

describe('stepStates', () => {
  it('counts attempts up to the first right answer, in step order', () => {
    const states = stepStates(
      ['s1', 's2', 's3'],
      [
        { stepId: 's2', correct: false },
        { stepId: 's1', correct: true },
        { stepId: 's2', correct: true },
        { stepId: 's1', correct: false }, // after solving: never recorded by the service, ignored anyway
        { stepId: 'other', correct: true },
      ],
    );
    expect(states).toEqual([
      { stepId: 's1', attempts: 1, solved: true },
      { stepId: 's2', attempts: 2, solved: true },
      { stepId: 's3', attempts: 0, solved: false },
    ]);
  });
});

describe('scores and XP', () => {
  it('gives 100, 60 and 30 points for a first, second and later try', () => {
    expect([1, 2, 3, 7].map(stepPoints)).toEqual([100, 60, 30, 30]);
  });

  it('rounds the mean of the steps', () => {
    const solvedAfter = (...attempts: number[]) =>
      attempts.map((count, index) => ({ stepId: `s${index}`, attempts: count, solved: true }));
    expect(runScore(solvedAfter(1, 1, 1))).toBe(100);
    expect(runScore(solvedAfter(1, 2, 1))).toBe(87); // 260 / 3 = 86.67
    expect(runScore(solvedAfter(1, 2, 3, 1))).toBe(73); // 290 / 4 = 72.5
    expect(runScore(solvedAfter(5))).toBe(30);
  });

  it('awards XP in proportion on the first completion only, at least 1', () => {
    expect(xpFor(80, 80, true)).toBe(64);
    expect(xpFor(100, 87, true)).toBe(87);
    expect(xpFor(1, 30, true)).toBe(1);
    expect(xpFor(75, 73, true)).toBe(55); // 54.75
    expect(xpFor(200, 100, false)).toBe(0);
  });

  it('tells the learner where they stand', () => {
    expect(feedback.completed(80, 64, true)).toBe('Quest complete: 80/100, +64 XP');
    expect(feedback.completed(100, 0, false)).toBe('Quest complete: 100/100, +0 XP (XP is earned on the first completion only)');
    expect(feedback.correct(1)).toBe('Correct! 1 step to go.');
    expect(feedback.correct(2)).toBe('Correct! 2 steps to go.');
    expect(feedback.wrong()).toBe('Not quite, try again.');
    expect(feedback.wrong('Answer with a number, e.g. 42 or 3.5.')).toBe(
      'Not quite, try again. Answer with a number, e.g. 42 or 3.5.',
    );
  });
});
