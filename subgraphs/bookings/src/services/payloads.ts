/** What BOOKING_CONFIRMED and BOOKING_CANCELLED say about a booking. */
import type { EventPayload } from '#platform/events/catalog.ts';
import type { Booking } from '../generated/prisma/client.ts';

const facts = (booking: Booking) => ({
  bookingId: booking.id,
  slotId: booking.slotId,
  studentId: booking.studentId,
  instructorId: booking.instructorId,
  startsAt: booking.startsAt.toISOString(),
  endsAt: booking.endsAt.toISOString(),
  topic: booking.topic,
});

export const confirmedPayload = (booking: Booking): EventPayload<'BOOKING_CONFIRMED'> => ({
  ...facts(booking),
  meetingUrl: booking.meetingUrl,
});

/** `booking` as cancelled (cancelledById and cancelledBy set). */
export const cancelledPayload = (booking: Booking): EventPayload<'BOOKING_CANCELLED'> => ({
  ...facts(booking),
  cancelledById: booking.cancelledById!,
  cancelledBy: booking.cancelledBy!,
  reason: booking.cancelReason,
});
