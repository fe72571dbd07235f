/** How one progress event changes a learner's stats: XP, level, streak and counters. Pure. */
import type { Achievements } from './badges.ts';
import { localDay } from './calendar.ts';
import { levelFor } from './levels.ts';
import { extendStreak, type Streak } from './streaks.ts';
import type { Progress } from './xp.ts';

/** The LearnerStats columns the rules read and write. */
export interface LearnerState {
  totalXp: number;
  level: number;
  currentStreak: number;
  longestStreak: number;
  freezesLeft: number;
  lastActiveDay: string | null;
  timezone: string;
  questsCompleted: number;
  perfectQuests: number;
  lessonsCompleted: number;
  coursesCompleted: number;
  quizAces: number;
}

export interface ProgressOutcome {
  next: LearnerState;
  /** The new level when this event raised it, else null. */
  levelReached: number | null;
}

export const streakOf = (state: LearnerState): Streak => ({
  current: state.currentStreak,
  longest: state.longestStreak,
  freezesLeft: state.freezesLeft,
  lastActiveDay: state.lastActiveDay,
});

export const achievementsOf = (state: LearnerState): Achievements => ({
  questsCompleted: state.questsCompleted,
  perfectQuests: state.perfectQuests,
  longestStreak: state.longestStreak,
  level: state.level,
  coursesCompleted: state.coursesCompleted,
  lessonsCompleted: state.lessonsCompleted,
  quizAces: state.quizAces,
});

/**
 * `newPerfectQuest`: the event finished with 100 a quest the learner had not finished with 100
 * before (the caller knows from the PerfectQuest table).
 */
export function applyProgress(state: LearnerState, progress: Progress, newPerfectQuest: boolean): ProgressOutcome {
  const totalXp = state.totalXp + progress.xp;
  const level = Math.max(state.level, levelFor(totalXp));
  // Only XP makes a streak day: a repeated quest (0 XP) keeps the learner's streak as it is.
  const streak = progress.xp > 0 ? extendStreak(streakOf(state), localDay(progress.occurredAt, state.timezone)) : streakOf(state);
  const next: LearnerState = {
    ...state,
    totalXp,
    level,
    currentStreak: streak.current,
    longestStreak: streak.longest,
    freezesLeft: streak.freezesLeft,
    lastActiveDay: streak.lastActiveDay,
    questsCompleted: state.questsCompleted + (progress.firstQuestCompletion ? 1 : 0),
    perfectQuests: state.perfectQuests + (newPerfectQuest ? 1 : 0),
    lessonsCompleted: state.lessonsCompleted + (progress.lessonCompleted ? 1 : 0),
    coursesCompleted: state.coursesCompleted + (progress.courseCompleted ? 1 : 0),
    quizAces: state.quizAces + (progress.quizAce ? 1 : 0),
  };
  return { next, levelReached: level > state.level ? level : null };
}
