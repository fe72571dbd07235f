import { requireViewer } from '#platform/auth/viewer.ts';
import type { MutationResolvers } from '../generated/graphql.ts';

export const Mutation: MutationResolvers = {
  publishSlots: (_parent, { input }, { services, viewer }) => services.slots.publish(requireViewer(viewer), input),
  cancelSlot: (_parent, args, { services, viewer }) => services.cancellations.cancelSlot(requireViewer(viewer), args),
  bookSlot: (_parent, args, { services, viewer }) => services.bookings.book(requireViewer(viewer), args),
  cancelBooking: (_parent, args, { services, viewer }) => services.cancellations.cancelBooking(requireViewer(viewer), args),
};
