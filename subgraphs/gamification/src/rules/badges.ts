/**
 * Badge definitions and their rules. The definitions are code; they are upserted (by slug) into the
 * Badge table at start, which gives each badge a stable id for the API and the awards. A badge is
 * earned once, as soon as the learner's measure for its rule reaches the threshold.
 */
import type { BadgeRule } from '../generated/prisma/enums.ts';

export interface BadgeDefinition {
  /** Stable: clients and the notifications subgraph refer to badges by slug. */
  slug: string;
  name: string;
  description: string;
  rule: BadgeRule;
  threshold: number;
}

/** In display order. */
export const BADGES: readonly BadgeDefinition[] = [
  {
    slug: 'first-quest',
    name: 'First Quest',
    description: 'Completed your first quest. Every Pythonista starts somewhere!',
    rule: 'QUESTS_COMPLETED',
    threshold: 1,
  },
  {
    slug: 'five-quests',
    name: 'Quest Explorer',
    description: 'Completed five different quests.',
    rule: 'QUESTS_COMPLETED',
    threshold: 5,
  },
  {
    slug: 'perfect-score',
    name: 'Flawless',
    description: 'Finished a quest with a perfect score of 100.',
    rule: 'PERFECT_QUESTS',
    threshold: 1,
  },
  {
    slug: 'streak-7',
    name: 'Week on Fire',
    description: 'Earned XP seven days in a row.',
    rule: 'STREAK_DAYS',
    threshold: 7,
  },
  {
    slug: 'level-5',
    name: 'Rising Pythonista',
    description: 'Reached level 5 (1,000 XP).',
    rule: 'LEVEL',
    threshold: 5,
  },
  {
    slug: 'first-course',
    name: 'Course Graduate',
    description: 'Completed every lesson of a course.',
    rule: 'COURSES_COMPLETED',
    threshold: 1,
  },
  {
    slug: 'ten-lessons',
    name: 'Bookworm',
    description: 'Completed ten lessons.',
    rule: 'LESSONS_COMPLETED',
    threshold: 10,
  },
  {
    slug: 'quiz-ace',
    name: 'Quiz Ace',
    description: 'Scored 100% on a quiz at the first attempt.',
    rule: 'QUIZ_ACES',
    threshold: 1,
  },
];

/** What badge rules measure. */
export interface Achievements {
  questsCompleted: number;
  perfectQuests: number;
  /** The longest streak ever: a 7-day streak earns streak-7 even after it ends. */
  longestStreak: number;
  level: number;
  coursesCompleted: number;
  lessonsCompleted: number;
  /** Quizzes passed with 100 on the first attempt. */
  quizAces: number;
}

const measures: Record<BadgeRule, (achievements: Achievements) => number> = {
  QUESTS_COMPLETED: (achievements) => achievements.questsCompleted,
  PERFECT_QUESTS: (achievements) => achievements.perfectQuests,
  STREAK_DAYS: (achievements) => achievements.longestStreak,
  LEVEL: (achievements) => achievements.level,
  COURSES_COMPLETED: (achievements) => achievements.coursesCompleted,
  LESSONS_COMPLETED: (achievements) => achievements.lessonsCompleted,
  QUIZ_ACES: (achievements) => achievements.quizAces,
};

export const meetsRule = (badge: Pick<BadgeDefinition, 'rule' | 'threshold'>, achievements: Achievements): boolean =>
  measures[badge.rule](achievements) >= badge.threshold;

/** The badges (of `badges`, in their order) whose rule `achievements` meet, held or not. */
export const badgesMet = <B extends Pick<BadgeDefinition, 'rule' | 'threshold'>>(
  badges: readonly B[],
  achievements: Achievements,
): B[] => badges.filter((badge) => meetsRule(badge, achievements));
