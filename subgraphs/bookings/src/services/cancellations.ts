/**
 * Cancelling bookings and slots. Every path changes the slot row first, then the booking (as
 * bookSlot does), so concurrent cancellations and bookings queue on the slot instead of
 * deadlocking; changes are conditional on the current status, so a twin request changes nothing
 * more and announces nothing more. The change and BOOKING_CANCELLED commit together.
 */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import { deadlinePassed, forbidden, notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { parseInput } from '#platform/validation.ts';
import type { BookingsDb, BookingsTx } from '../db.ts';
import type { Booking, Slot } from '../generated/prisma/client.ts';
import {
  cancellationDeadline,
  cancellerOf,
  mayCancel,
  slotStatusAfterCancellation,
  type Canceller,
} from '../rules/cancellation.ts';
import type { BookingsSettings } from '../settings.ts';
import { cancelInput } from './inputs.ts';
import { cancelledPayload } from './payloads.ts';

/** A concurrent request cancelled the booking first: roll back what this one changed. */
class AlreadyCancelled extends Error {}

const cancellation = (viewer: Viewer, cancelledBy: Canceller, reason: string | null, now: Date) => ({
  status: 'CANCELLED' as const,
  cancelledAt: now,
  cancelledById: viewer.userId,
  cancelledBy,
  cancelReason: reason,
});

export class Cancellations {
  constructor(
    private readonly db: BookingsDb,
    private readonly events: SubgraphEvents,
    private readonly settings: Pick<BookingsSettings, 'BOOKING_CANCEL_NOTICE_MINUTES'>,
  ) {}

  async cancelBooking(viewer: Viewer, raw: unknown, now = new Date()): Promise<Booking> {
    const { id, reason } = parseInput(cancelInput, raw);
    const booking = await this.db.booking.findUnique({ where: { id } });
    const canceller = booking ? cancellerOf(viewer, booking) : undefined;
    if (!booking || !canceller) throw notFound('Booking', id);
    if (booking.status === 'CANCELLED') return booking;
    const notice = this.settings.BOOKING_CANCEL_NOTICE_MINUTES;
    if (!mayCancel(canceller, booking, now, notice)) {
      const deadline = cancellationDeadline(canceller, booking, notice);
      throw deadlinePassed(
        canceller === 'STUDENT'
          ? `Bookings can be cancelled up to ${notice} minutes before they start; ask the instructor`
          : 'This meeting is over',
        deadline,
      );
    }
    try {
      return await this.events.transaction(this.db, async (tx) => {
        const slotStatus = slotStatusAfterCancellation(canceller);
        await tx.slot.updateMany({
          where: { id: booking.slotId, status: 'BOOKED' },
          data: { status: slotStatus, cancelledAt: slotStatus === 'CANCELLED' ? now : null },
        });
        const cancelled = await this.cancelConfirmed(tx, { id }, cancellation(viewer, canceller, reason, now));
        if (!cancelled.length) throw new AlreadyCancelled();
        return cancelled[0]!;
      });
    } catch (error) {
      if (!(error instanceof AlreadyCancelled)) throw error;
      return this.db.booking.findUniqueOrThrow({ where: { id } });
    }
  }

  /** Withdraws a slot (its instructor or an admin), cancelling its CONFIRMED booking if it has one. */
  async cancelSlot(viewer: Viewer, raw: unknown, now = new Date()): Promise<Slot> {
    const { id, reason } = parseInput(cancelInput, raw);
    const slot = await this.db.slot.findUnique({ where: { id } });
    if (!slot) throw notFound('Slot', id);
    // Slots are public (openSlots): saying it exists reveals nothing.
    const canceller: Canceller | undefined =
      slot.instructorId === viewer.userId ? 'INSTRUCTOR' : hasRole(viewer, 'ADMIN') ? 'ADMIN' : undefined;
    if (!canceller) throw forbidden('Only its instructor or an admin can cancel a slot');
    if (slot.status === 'CANCELLED') return slot;
    if (slot.endsAt <= now) throw deadlinePassed('This slot is over', slot.endsAt);
    return this.events.transaction(this.db, async (tx) => {
      const [cancelled] = await tx.slot.updateManyAndReturn({
        where: { id, status: { in: ['OPEN', 'BOOKED'] } },
        data: { status: 'CANCELLED', cancelledAt: now },
      });
      // A concurrent twin cancelled it first (and its booking with it).
      if (!cancelled) return tx.slot.findUniqueOrThrow({ where: { id } });
      await this.cancelConfirmed(tx, { slotId: id }, cancellation(viewer, canceller, reason, now));
      return cancelled;
    });
  }

  /** Cancels the CONFIRMED bookings matching `where` and stages BOOKING_CANCELLED for each. */
  private async cancelConfirmed(
    tx: BookingsTx,
    where: { id: string } | { slotId: string },
    data: ReturnType<typeof cancellation>,
  ): Promise<Booking[]> {
    const cancelled = await tx.booking.updateManyAndReturn({ where: { ...where, status: 'CONFIRMED' }, data });
    for (const booking of cancelled) await this.events.stage(tx, 'BOOKING_CANCELLED', cancelledPayload(booking));
    return cancelled;
  }
}
