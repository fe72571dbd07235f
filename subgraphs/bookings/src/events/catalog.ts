/** The events bookings owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

const id = entityId();
const booking = {
  bookingId: id,
  slotId: id,
  studentId: id,
  instructorId: id,
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  topic: z.string().nullable(),
};

export default defineEvents({
  BOOKING_CONFIRMED: {
    description: "A learner booked one of an instructor's open slots (confirmed at once).",
    payload: z.object({ ...booking, meetingUrl: z.string() }),
  },
  BOOKING_CANCELLED: {
    description:
      'A confirmed booking was cancelled by its learner, its instructor or an admin; the slot is open again unless the instructor cancelled.',
    payload: z.object({
      ...booking,
      cancelledById: id,
      cancelledBy: z.enum(['STUDENT', 'INSTRUCTOR', 'ADMIN']),
      reason: z.string().nullable(),
    }),
  },
});
