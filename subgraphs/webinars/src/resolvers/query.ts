import { requireViewer } from '#platform/auth/viewer.ts';
import type { QueryResolvers } from '../generated/graphql.ts';

export const Query: QueryResolvers = {
  webinars: (_parent, { upcoming, courseId, first, after }, { services }) =>
    services.catalog.list({ upcoming, courseId }, { first, after }),
  webinar: (_parent, { id }, { services }) => services.catalog.one(id),
  participantWebinar: (_parent, { id }, { services, viewer }) => services.registrations.forParticipant(requireViewer(viewer), id),
};
