/** What a schedulable webinar is: its bounds, its times, and when its room opens. */

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 10_000;
export const DURATION_MINUTES = { min: 15, max: 480 } as const;
export const CAPACITY = { min: 1, max: 10_000 } as const;
export const MAX_DAYS_AHEAD = 365;
/** The room opens (and the host may start) this long before the start. */
export const ROOM_OPENS_MINUTES_BEFORE = 15;

const MINUTE = 60_000;

export const scheduledEnd = (startsAt: Date, durationMinutes: number): Date =>
  new Date(startsAt.getTime() + durationMinutes * MINUTE);

export const roomOpensAt = (startsAt: Date): Date => new Date(startsAt.getTime() - ROOM_OPENS_MINUTES_BEFORE * MINUTE);

/** Why `startsAt` cannot be scheduled at `now`, or undefined. */
export function startsAtProblem(startsAt: Date, now: Date): string | undefined {
  if (startsAt.getTime() <= now.getTime()) return 'must be in the future';
  if (startsAt.getTime() > now.getTime() + MAX_DAYS_AHEAD * 24 * 60 * MINUTE)
    return `must be at most ${MAX_DAYS_AHEAD} days ahead`;
  return undefined;
}
