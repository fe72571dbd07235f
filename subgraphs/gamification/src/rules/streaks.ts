/**
 * Streak rules (the schema's contract): days with XP in a row, counted in the learner's timezone.
 * - a second XP event on the same day changes nothing;
 * - XP on the next day extends the streak by one;
 * - exactly one missed day is bridged by a freeze if one is left (the freeze is used, +1);
 * - otherwise the streak restarts at 1;
 * - every 7th consecutive day earns a freeze, up to 3; learners start with 2.
 * An event for a day before the last active one (a late delivery) leaves the streak alone: the
 * past is not rewritten, and the result does not depend on the order events arrive in.
 */
import { daysBetween } from './calendar.ts';

export const STARTING_FREEZES = 2;
export const MAX_FREEZES = 3;
export const DAYS_PER_FREEZE = 7;

export interface Streak {
  current: number;
  longest: number;
  freezesLeft: number;
  /** YYYY-MM-DD in the learner's timezone; null before the first day with XP. */
  lastActiveDay: string | null;
}

export const NO_STREAK: Streak = { current: 0, longest: 0, freezesLeft: STARTING_FREEZES, lastActiveDay: null };

/** The streak after the learner earned XP on `day` (YYYY-MM-DD in their timezone). */
export function extendStreak(streak: Streak, day: string): Streak {
  const gap = streak.lastActiveDay === null ? Infinity : daysBetween(streak.lastActiveDay, day);
  if (gap <= 0) return streak;

  let { current, freezesLeft } = streak;
  if (gap === 1) current += 1;
  else if (gap === 2 && freezesLeft > 0) {
    freezesLeft -= 1;
    current += 1;
  } else current = 1;

  if (current % DAYS_PER_FREEZE === 0) freezesLeft = Math.min(MAX_FREEZES, freezesLeft + 1);
  return { current, longest: Math.max(streak.longest, current), freezesLeft, lastActiveDay: day };
}

/**
 * The streak as the learner sees it on `today`: one that can no longer be continued (more missed
 * days than a freeze can bridge) shows 0. Stored values stay as they were; the next XP event
 * restarts the streak at 1 by the rules above.
 */
export function streakAsOf(streak: Streak, today: string): Streak {
  if (streak.lastActiveDay === null) return streak;
  const gap = daysBetween(streak.lastActiveDay, today);
  const alive = gap <= 1 || (gap === 2 && streak.freezesLeft > 0);
  return alive ? streak : { ...streak, current: 0 };
}
