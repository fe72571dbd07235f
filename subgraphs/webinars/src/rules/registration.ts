/** Seats and the waitlist: pure decisions the registration service takes under the webinar's row lock. */
import type { RegistrationStatus, WebinarStatus } from '../generated/prisma/enums.ts';

/** A webinar takes (and releases) registrations until it is over: scheduled and before its end, or live. */
export const acceptsRegistrations = (webinar: { status: WebinarStatus; endsAt: Date }, now: Date): boolean =>
  webinar.status === 'LIVE' || (webinar.status === 'SCHEDULED' && now < webinar.endsAt);

/** A newcomer gets a seat while seats are left, else a place at the end of the waitlist. */
export const seatFor = (registered: number, capacity: number): Extract<RegistrationStatus, 'REGISTERED' | 'WAITLISTED'> =>
  registered < capacity ? 'REGISTERED' : 'WAITLISTED';

export const seatsLeft = (capacity: number, registered: number): number => Math.max(0, capacity - registered);

/** How many of the waitlist (first in line first) get the seats now free. */
export const promotions = (capacity: number, registered: number, waiting: number): number =>
  Math.min(waiting, seatsLeft(capacity, registered));

/** 1-based positions in line by arrival (sequence), for the waitlisted registrations of one webinar. */
export function waitlistPositions(waitlisted: ReadonlyArray<{ id: string; sequence: number }>): Map<string, number> {
  const inLine = [...waitlisted].sort((a, b) => a.sequence - b.sequence);
  return new Map(inLine.map((registration, index) => [registration.id, index + 1]));
}
