/** Operations, clocks and recorders for the bookings tests. */
import pg from 'pg';
import type { TestStack } from '#gateway/testing/stack.ts';
import { subgraphDatabaseUrl } from '#platform/db/postgres-server.ts';

const SLOT_FIELDS = 'id status startsAt endsAt instructor { id } instructorTimezone localStartsAt localEndsAt';
const BOOKING_FIELDS = `id status topic meetingUrl createdAt cancelledAt cancelledBy cancellationReason
  student { id } instructor { id } slot { id status startsAt endsAt }`;

export const PUBLISH = `mutation Publish($input: PublishSlotsInput!) { publishSlots(input: $input) { ${SLOT_FIELDS} } }`;
export const OPEN_SLOTS = `query Open($instructorId: ID!, $from: DateTime!, $to: DateTime!) {
  openSlots(instructorId: $instructorId, from: $from, to: $to) { ${SLOT_FIELDS} }
}`;
export const CANCEL_SLOT = `mutation CancelSlot($id: ID!, $reason: String) { cancelSlot(id: $id, reason: $reason) { ${SLOT_FIELDS} } }`;
export const BOOK = `mutation Book($slotId: ID!, $topic: String) { bookSlot(slotId: $slotId, topic: $topic) { ${BOOKING_FIELDS} } }`;
export const CANCEL = `mutation Cancel($id: ID!, $reason: String) { cancelBooking(id: $id, reason: $reason) { ${BOOKING_FIELDS} } }`;
export const BOOKING = `query Booking($id: ID!) { booking(id: $id) { ${BOOKING_FIELDS} } }`;
export const USER_BOOKINGS = `query UserBookings($id: ID!, $upcoming: Boolean) {
  user(id: $id) { id bookings(upcoming: $upcoming) { id status slot { startsAt } } }
}`;
export const UPDATE_PROFILE = `mutation Profile($input: UpdateProfileInput!) { updateProfile(input: $input) { timezone } }`;

export interface SlotView {
  id: string;
  status: 'OPEN' | 'BOOKED' | 'CANCELLED';
  startsAt: string;
  endsAt: string;
  instructor: { id: string };
  instructorTimezone: string;
  localStartsAt: string;
  localEndsAt: string;
}

export interface BookingView {
  id: string;
  status: 'CONFIRMED' | 'CANCELLED';
  topic: string | null;
  meetingUrl: string | null;
  createdAt: string;
  cancelledAt: string | null;
  cancelledBy: 'STUDENT' | 'INSTRUCTOR' | 'ADMIN' | null;
  cancellationReason: string | null;
  student: { id: string };
  instructor: { id: string };
  slot: { id: string; status: SlotView['status']; startsAt: string; endsAt: string };
}

const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** An ISO instant `days` days and `hours` hours after the start of the UTC day after tomorrow. */
export function utc(days: number, hours = 0): string {
  const dayAfterTomorrow = Math.floor(Date.now() / DAY) * DAY + 2 * DAY;
  return new Date(dayAfterTomorrow + days * DAY + hours * HOUR).toISOString();
}

/** The whole minute `minutes` from now, as an ISO instant. */
export const minutesFromNow = (minutes: number) =>
  new Date(Math.ceil((Date.now() + minutes * MINUTE) / MINUTE) * MINUTE).toISOString();

/** The next 15th of `month` (1-12) at least two days ahead, as YYYY-MM-DD: always within the 366 days slots may be published. */
export function nextFifteenth(month: number): string {
  const soonest = Date.now() + 2 * DAY;
  let year = new Date(soonest).getUTCFullYear();
  if (Date.UTC(year, month - 1, 15) < soonest) year += 1;
  return `${year}-${String(month).padStart(2, '0')}-15`;
}

export { recordEvents } from '#gateway/testing/events.ts';

/** SQL on the bookings test database, beside the subgraph: to move time and to try the constraints directly. */
export const bookingsSql = (platform: TestStack) =>
  new pg.Pool({ connectionString: subgraphDatabaseUrl(platform.runtime.env.DATABASE_URL!, 'bookings'), max: 2 });
