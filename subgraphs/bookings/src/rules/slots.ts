/**
 * What an instructor may publish and how a window becomes slots, and which windows a reader may
 * list. Pure: the caller passes `now`; problems come back as data, the service turns them into
 * BAD_USER_INPUT.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export const SLOT_LIMITS = {
  minMinutes: 10,
  maxMinutes: 240,
  /** One call publishes a window of at most two weeks... */
  maxWindowDays: 14,
  /** ...holding at most this many slots (one transaction, one statement). */
  maxSlots: 200,
  /** A year and a day ahead at most: enough to plan, and no slots in the year 9999. */
  maxDaysAhead: 366,
  /** openSlots looks at a month at most. */
  maxListDays: 31,
} as const;

export interface Period {
  startsAt: Date;
  endsAt: Date;
}

export interface Problem {
  field: string;
  message: string;
}

export type SlotPlan = { ok: true; slots: Period[] } | { ok: false; problem: Problem };

const refuse = (field: string, message: string): SlotPlan => ({ ok: false, problem: { field, message } });
const onWholeMinute = (date: Date) => date.getTime() % MINUTE_MS === 0;

/**
 * The consecutive slots of `slotMinutes` that fit in [startsAt, endsAt), from startsAt on; what
 * is left at the end, shorter than a slot, is not published (09:00-12:00 in 50 minutes: 09:00,
 * 09:50, 10:40).
 */
export function planSlots(window: Period & { slotMinutes: number }, now: Date): SlotPlan {
  const { startsAt, endsAt, slotMinutes } = window;
  const { minMinutes, maxMinutes, maxWindowDays, maxSlots, maxDaysAhead } = SLOT_LIMITS;
  if (!Number.isInteger(slotMinutes) || slotMinutes < minMinutes || slotMinutes > maxMinutes)
    return refuse('slotMinutes', `must be a whole number of minutes from ${minMinutes} to ${maxMinutes}`);
  if (!onWholeMinute(startsAt)) return refuse('startsAt', 'must be on a whole minute (no seconds)');
  if (!onWholeMinute(endsAt)) return refuse('endsAt', 'must be on a whole minute (no seconds)');
  if (startsAt <= now) return refuse('startsAt', 'must be in the future');
  if (startsAt.getTime() - now.getTime() > maxDaysAhead * DAY_MS)
    return refuse('startsAt', `must be at most ${maxDaysAhead} days ahead`);
  if (endsAt <= startsAt) return refuse('endsAt', 'must be after startsAt');
  if (endsAt.getTime() - startsAt.getTime() > maxWindowDays * DAY_MS)
    return refuse('endsAt', `the window must be at most ${maxWindowDays} days long`);
  const slotMs = slotMinutes * MINUTE_MS;
  const count = Math.floor((endsAt.getTime() - startsAt.getTime()) / slotMs);
  if (count < 1) return refuse('slotMinutes', 'is longer than the window');
  if (count > maxSlots) return refuse('slotMinutes', `the window holds ${count} slots; at most ${maxSlots} at once`);
  const slots = Array.from({ length: count }, (_, index) => ({
    startsAt: new Date(startsAt.getTime() + index * slotMs),
    endsAt: new Date(startsAt.getTime() + (index + 1) * slotMs),
  }));
  return { ok: true, slots };
}

/** Why [from, to) cannot be listed, or undefined. */
export function listWindowProblem({ startsAt: from, endsAt: to }: Period): Problem | undefined {
  if (to <= from) return { field: 'to', message: 'must be after from' };
  if (to.getTime() - from.getTime() > SLOT_LIMITS.maxListDays * DAY_MS)
    return { field: 'to', message: `the window must be at most ${SLOT_LIMITS.maxListDays} days long` };
  return undefined;
}
