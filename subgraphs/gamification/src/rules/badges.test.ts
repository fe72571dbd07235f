import { describe, expect, it } from '@jest/globals';
import { BADGES, badgesMet, meetsRule, type Achievements } from './badges.ts';

const nothing: Achievements = {
  questsCompleted: 0,
  perfectQuests: 0,
  longestStreak: 0,
  level: 1,
  coursesCompleted: 0,
  lessonsCompleted: 0,
  quizAces: 0,
};
const earnedSlugs = (achievements: Achievements) => badgesMet(BADGES, achievements).map((badge) => badge.slug);

describe('badge definitions', () => {
  it('have unique, URL-safe slugs and say what they reward', () => {
    expect(new Set(BADGES.map((badge) => badge.slug)).size).toBe(BADGES.length);
    for (const badge of BADGES) {
      expect(badge.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(badge.name.length).toBeGreaterThan(2);
      expect(badge.description).toMatch(/[.!]$/);
      expect(badge.threshold).toBeGreaterThan(0);
    }
    expect(BADGES.find((badge) => badge.slug === 'first-quest')).toMatchObject({ name: 'First Quest', threshold: 1 });
  });

  it('include the badges the product promises', () => {
    expect(BADGES.map((badge) => badge.slug)).toEqual(
      expect.arrayContaining([
        'first-quest',
        'five-quests',
        'perfect-score',
        'streak-7',
        'level-5',
        'first-course',
        'ten-lessons',
      ]),
    );
  });
});

describe('badge rules', () => {
  it('earn nothing for a newcomer', () => {
    expect(earnedSlugs(nothing)).toEqual([]);
  });

  it('measure each rule against its threshold', () => {
    expect(earnedSlugs({ ...nothing, questsCompleted: 1 })).toEqual(['first-quest']);
    expect(earnedSlugs({ ...nothing, questsCompleted: 4 })).toEqual(['first-quest']);
    expect(earnedSlugs({ ...nothing, questsCompleted: 5 })).toEqual(['first-quest', 'five-quests']);
    expect(earnedSlugs({ ...nothing, perfectQuests: 1 })).toEqual(['perfect-score']);
    expect(earnedSlugs({ ...nothing, longestStreak: 6 })).toEqual([]);
    expect(earnedSlugs({ ...nothing, longestStreak: 7 })).toEqual(['streak-7']);
    expect(earnedSlugs({ ...nothing, level: 4 })).toEqual([]);
    expect(earnedSlugs({ ...nothing, level: 6 })).toEqual(['level-5']);
    expect(earnedSlugs({ ...nothing, coursesCompleted: 1 })).toEqual(['first-course']);
    expect(earnedSlugs({ ...nothing, lessonsCompleted: 9 })).toEqual([]);
    expect(earnedSlugs({ ...nothing, lessonsCompleted: 10 })).toEqual(['ten-lessons']);
    expect(earnedSlugs({ ...nothing, quizAces: 1 })).toEqual(['quiz-ace']);
  });

  it('keep a streak badge once earned, even after the streak ends', () => {
    expect(meetsRule({ rule: 'STREAK_DAYS', threshold: 7 }, { ...nothing, longestStreak: 9 })).toBe(true);
  });
});
