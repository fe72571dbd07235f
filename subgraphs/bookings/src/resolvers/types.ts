import { mustLoad } from '#platform/graphql/loaders.ts';
import type { BookingResolvers, SlotResolvers, UserResolvers } from '../generated/graphql.ts';
import { localIso } from '../rules/timezones.ts';
import { maySee } from '../services/bookings.ts';

export const Slot: SlotResolvers = {
  instructor: ({ instructorId }) => ({ id: instructorId }),
  instructorTimezone: ({ instructorId }, _args, { loaders }) => loaders.timezone.load(instructorId),
  localStartsAt: async ({ instructorId, startsAt }, _args, { loaders }) =>
    localIso(startsAt, await loaders.timezone.load(instructorId)),
  localEndsAt: async ({ instructorId, endsAt }, _args, { loaders }) =>
    localIso(endsAt, await loaders.timezone.load(instructorId)),
};

export const Booking: BookingResolvers = {
  __resolveReference: async ({ id }, { loaders, viewer }) => {
    const booking = await loaders.booking.load(id);
    return booking && maySee(viewer, booking) ? booking : null;
  },
  slot: ({ slotId }, _args, { loaders }) => mustLoad(loaders.slot, slotId, 'Slot'),
  student: ({ studentId }) => ({ id: studentId }),
  instructor: ({ instructorId }) => ({ id: instructorId }),
  // The room is no longer advertised once the meeting is off.
  meetingUrl: ({ status, meetingUrl }) => (status === 'CONFIRMED' ? meetingUrl : null),
  cancellationReason: ({ cancelReason }) => cancelReason,
};

export const User: UserResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  bookings: ({ id }, args, { services }) => services.bookings.ofUser(id, args),
};
