/**
 * Booking a slot and reading bookings. No double booking is decided here: bookSlot takes the slot
 * with a conditional update (OPEN → BOOKED: concurrent twins queue on the row, one wins), and the
 * database refuses a second CONFIRMED booking of a slot (partial unique index) and a learner's
 * overlapping ones (exclusion constraint). The booking and BOOKING_CONFIRMED commit together.
 */
import { randomBytes } from 'node:crypto';
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import { conflict, deadlinePassed, forbidden, isTransactionConflict, isUniqueViolation, notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { parseInput } from '#platform/validation.ts';
import type { BookingsDb } from '../db.ts';
import type { Booking, Prisma, Slot } from '../generated/prisma/client.ts';
import type { BookingsSettings } from '../settings.ts';
import { STUDENT_OVERLAP, violatedExclusion } from './constraints.ts';
import { bookInput, id, listBookingsInput } from './inputs.ts';
import { confirmedPayload } from './payloads.ts';

/** Its learner, its instructor and admins. */
export const maySee = (viewer: Viewer | undefined, booking: Booking): boolean =>
  viewer !== undefined &&
  (viewer.userId === booking.studentId || viewer.userId === booking.instructorId || hasRole(viewer, 'ADMIN'));

export class Bookings {
  constructor(
    private readonly db: BookingsDb,
    private readonly events: SubgraphEvents,
    private readonly settings: Pick<BookingsSettings, 'BOOKING_MEETING_BASE_URL'>,
  ) {}

  async book(viewer: Viewer, raw: unknown, now = new Date()): Promise<Booking> {
    const { slotId, topic } = parseInput(bookInput, raw);
    const slot = await this.db.slot.findUnique({ where: { id: slotId } });
    if (!slot) throw notFound('Slot', slotId);
    if (slot.instructorId === viewer.userId) throw forbidden('You cannot book your own slot');
    if (slot.startsAt <= now) throw deadlinePassed('This slot has already started', slot.startsAt);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.bookOnce(viewer, slot, topic, now);
      } catch (error) {
        if (violatedExclusion(error) === STUDENT_OVERLAP) throw conflict('You already have a booking at an overlapping time');
        if (isUniqueViolation(error)) throw conflict('This slot is no longer open');
        // Two overlapping bookings inserted at once can deadlock on the exclusion check: Postgres
        // rolls one back; run again, it meets the other's committed booking (CONFLICT above).
        if (attempt < 3 && isTransactionConflict(error)) continue;
        throw error;
      }
    }
  }

  /** The slot taken, the booking and BOOKING_CONFIRMED, in one transaction. */
  private bookOnce(viewer: Viewer, slot: Slot, topic: string | null | undefined, now: Date): Promise<Booking> {
    return this.events.transaction(this.db, async (tx) => {
      const taken = await tx.slot.updateMany({
        where: { id: slot.id, status: 'OPEN', startsAt: { gt: now } },
        data: { status: 'BOOKED' },
      });
      if (taken.count !== 1) throw conflict('This slot is no longer open');
      const booking = await tx.booking.create({
        data: {
          slotId: slot.id,
          studentId: viewer.userId,
          instructorId: slot.instructorId,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          topic,
          meetingUrl: this.newMeetingUrl(),
        },
      });
      await this.events.stage(tx, 'BOOKING_CONFIRMED', confirmedPayload(booking));
      return booking;
    });
  }

  /** A booking its viewer may see; NOT_FOUND otherwise (whether it exists is nobody else's business). */
  async find(viewer: Viewer, rawId: unknown): Promise<Booking> {
    const bookingId = parseInput(id, rawId);
    const booking = await this.db.booking.findUnique({ where: { id: bookingId } });
    if (!booking || !maySee(viewer, booking)) throw notFound('Booking', bookingId);
    return booking;
  }

  /** A user's bookings as learner and as instructor (see User.bookings in schema.graphql). */
  ofUser(userId: string, raw: unknown, now = new Date()): Promise<Booking[]> {
    const { upcoming, first } = parseInput(listBookingsInput, raw);
    const when: Prisma.BookingWhereInput =
      upcoming === true
        ? { status: 'CONFIRMED', endsAt: { gt: now } }
        : upcoming === false
          ? { OR: [{ status: 'CANCELLED' }, { endsAt: { lte: now } }] }
          : {};
    return this.db.booking.findMany({
      where: { AND: [{ OR: [{ studentId: userId }, { instructorId: userId }] }, when] },
      orderBy: [{ startsAt: upcoming === true ? 'asc' : 'desc' }, { id: 'asc' }],
      take: first,
    });
  }

  byIds(ids: readonly string[]): Promise<Booking[]> {
    return this.db.booking.findMany({ where: { id: { in: [...ids] } } });
  }

  /** An unguessable room: 128 random bits, in lower case (some servers fold room names). */
  private newMeetingUrl(): string {
    const base = this.settings.BOOKING_MEETING_BASE_URL;
    return new URL(`doctorpy-${randomBytes(16).toString('hex')}`, base.endsWith('/') ? base : `${base}/`).toString();
  }
}
