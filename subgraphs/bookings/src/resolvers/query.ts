import { requireViewer } from '#platform/auth/viewer.ts';
import type { QueryResolvers } from '../generated/graphql.ts';

export const Query: QueryResolvers = {
  openSlots: (_parent, args, { services }) => services.slots.open(args),
  booking: (_parent, { id }, { services, viewer }) => services.bookings.find(requireViewer(viewer), id),
};
