import { describe, expect, it } from '@jest/globals';
import { levelFor, levelStartXp, nextLevelXp } from './levels.ts';

describe('level curve: level n starts at 50·n·(n−1) XP', () => {
  it.each([
    [1, 0],
    [2, 100],
    [3, 300],
    [4, 600],
    [5, 1_000],
    [10, 4_500],
    [100, 495_000],
  ])('level %i starts at %i XP', (level, xp) => {
    expect(levelStartXp(level)).toBe(xp);
  });

  it.each([
    [0, 1],
    [1, 1],
    [99, 1],
    [100, 2],
    [299, 2],
    [300, 3],
    [999, 4],
    [1_000, 5],
    [1_001, 5],
    [4_499, 9],
    [4_500, 10],
  ])('%i XP is level %i', (xp, level) => {
    expect(levelFor(xp)).toBe(level);
  });

  it('is exact at every level boundary, far beyond what a learner reaches', () => {
    for (let level = 2; level <= 5_000; level += 1) {
      expect(levelFor(levelStartXp(level))).toBe(level);
      expect(levelFor(levelStartXp(level) - 1)).toBe(level - 1);
    }
  });

  it('never goes below level 1', () => {
    expect(levelFor(-5)).toBe(1);
    expect(levelFor(Number.NaN)).toBe(1);
  });

  it('gives the XP at which the next level starts', () => {
    expect(nextLevelXp(1)).toBe(100);
    expect(nextLevelXp(4)).toBe(1_000);
  });
});
