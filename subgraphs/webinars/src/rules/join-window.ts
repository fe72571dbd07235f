/**
 * When the room may be joined: from 15 minutes before the start until the scheduled end, or, once
 * the host has started it, until the host ends it (a session that runs late stays open).
 */
import type { WebinarStatus } from '../generated/prisma/enums.ts';
import { roomOpensAt } from './schedule.ts';

export type JoinWindow =
  | { open: true }
  | { open: false; reason: 'NOT_YET'; opensAt: Date }
  | { open: false; reason: 'OVER' }
  | { open: false; reason: 'CANCELLED' };

export function joinWindow(webinar: { status: WebinarStatus; startsAt: Date; endsAt: Date }, now: Date): JoinWindow {
  switch (webinar.status) {
    case 'CANCELLED':
      return { open: false, reason: 'CANCELLED' };
    case 'ENDED':
      return { open: false, reason: 'OVER' };
    case 'LIVE':
      return { open: true };
    case 'SCHEDULED': {
      const opensAt = roomOpensAt(webinar.startsAt);
      if (now < opensAt) return { open: false, reason: 'NOT_YET', opensAt };
      if (now >= webinar.endsAt) return { open: false, reason: 'OVER' };
      return { open: true };
    }
  }
}

/** The host and learners holding a seat may join; the waitlisted and everyone else may not. */
export const mayJoin = (isHost: boolean, registrationStatus: string | undefined): boolean =>
  isHost || registrationStatus === 'REGISTERED';
