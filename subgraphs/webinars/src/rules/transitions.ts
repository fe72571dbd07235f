/**
 * The webinar's lifecycle: SCHEDULED → LIVE → ENDED, and SCHEDULED or LIVE → CANCELLED. Services
 * apply a transition as an update conditional on `from`, so two racing transitions cannot both
 * succeed (the loser finds the new status and is refused).
 */
import type { WebinarStatus } from '../generated/prisma/enums.ts';
import { roomOpensAt } from './schedule.ts';

export type Transition = 'start' | 'end' | 'cancel';

/** Where a transition leads: never back to SCHEDULED. */
export type ReachedStatus = Exclude<WebinarStatus, 'SCHEDULED'>;

export const TRANSITIONS: Record<Transition, { from: readonly WebinarStatus[]; to: ReachedStatus }> = {
  start: { from: ['SCHEDULED'], to: 'LIVE' },
  end: { from: ['LIVE'], to: 'ENDED' },
  cancel: { from: ['SCHEDULED', 'LIVE'], to: 'CANCELLED' },
};

export interface Refusal {
  message: string;
  /** For a start asked too early: when it becomes possible. */
  opensAt?: Date;
}

/** Why `transition` cannot apply to the webinar at `now`, or undefined. */
export function transitionRefusal(
  transition: Transition,
  webinar: { status: WebinarStatus; startsAt: Date },
  now: Date,
): Refusal | undefined {
  const { from } = TRANSITIONS[transition];
  if (!from.includes(webinar.status)) {
    return { message: `The webinar is ${webinar.status}: it must be ${from.join(' or ')} to ${transition}` };
  }
  if (transition === 'start') {
    const opensAt = roomOpensAt(webinar.startsAt);
    if (now < opensAt) return { message: `Too early: the webinar can start from ${opensAt.toISOString()}`, opensAt };
  }
  return undefined;
}
