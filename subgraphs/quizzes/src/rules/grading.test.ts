import { describe, expect, it } from '@jest/globals';
import { deadlineOf, gradeAttempt, isPastDeadline, scoreOf, type GradableItem } from './grading.ts';

const item = (questionId: string, points: number, selected: string[]): GradableItem => ({
  questionId,
  question: { kind: 'SINGLE_CHOICE', choices: ['yes', 'no'], acceptedAnswers: ['A'], tolerance: null, points },
  selected,
});

describe('gradeAttempt', () => {
  it('awards each question all or nothing and scores the share of points', () => {
    const grade = gradeAttempt([item('q1', 1, ['A']), item('q2', 2, ['B']), item('q3', 1, [])], 50);
    expect(grade.items).toEqual([
      { questionId: 'q1', correct: true, pointsAwarded: 1 },
      { questionId: 'q2', correct: false, pointsAwarded: 0 },
      { questionId: 'q3', correct: false, pointsAwarded: 0 },
    ]);
    expect(grade).toMatchObject({ pointsAwarded: 1, totalPoints: 4, score: 25, passed: false });
  });

  it('passes at exactly the passing score, and rounds down so 69.9 does not pass 70', () => {
    const items = [item('a', 7, ['A']), item('b', 3, ['B'])];
    expect(gradeAttempt(items, 70)).toMatchObject({ score: 70, passed: true });
    expect(gradeAttempt(items, 71)).toMatchObject({ score: 70, passed: false });
    expect(scoreOf(699, 1000)).toBe(69);
    expect(scoreOf(2, 3)).toBe(66);
    expect(scoreOf(0, 0)).toBe(0);
  });

  it('gives 100 for every question right, and passes a 0 passing score with nothing answered', () => {
    expect(gradeAttempt([item('a', 1, ['A']), item('b', 5, ['A'])], 100)).toMatchObject({ score: 100, passed: true });
    expect(gradeAttempt([item('a', 1, [])], 0)).toMatchObject({ score: 0, passed: true });
  });
});

describe('deadlines', () => {
  it('ends an attempt timeLimitSeconds after it started, never without a limit', () => {
    const start = new Date('2026-12-01T10:00:00.000Z');
    expect(deadlineOf(start, 90)).toEqual(new Date('2026-12-01T10:01:30.000Z'));
    expect(deadlineOf(start, null)).toBeNull();
    expect(isPastDeadline(null, new Date('2100-01-01'))).toBe(false);
    expect(isPastDeadline(new Date('2026-12-01T10:01:30.000Z'), new Date('2026-12-01T10:01:29.999Z'))).toBe(false);
    expect(isPastDeadline(new Date('2026-12-01T10:01:30.000Z'), new Date('2026-12-01T10:01:30.000Z'))).toBe(true);
  });
});
