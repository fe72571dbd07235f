import { mustLoad } from '#platform/graphql/loaders.ts';
import { referenceTo } from '#platform/graphql/reference.ts';
import type { WebinarRegistrationResolvers, WebinarResolvers } from '../generated/graphql.ts';
import type { WebinarsLoaders } from '../loaders.ts';
import { waitlistPositions, seatsLeft } from '../rules/registration.ts';
import type { Viewer } from '#platform/auth/viewer.ts';

const viewerRegistration = async (webinarId: string, viewer: Viewer | undefined, loaders: WebinarsLoaders) =>
  viewer ? loaders.registration.load({ webinarId, userId: viewer.userId }) : undefined;

export const Webinar: WebinarResolvers = {
  __resolveReference: async ({ id }, { loaders }) => (await loaders.webinar.load(id)) ?? null,
  host: ({ hostId }) => ({ id: hostId }),
  course: ({ courseId }) => referenceTo(courseId),
  registrationCount: ({ id }, _args, { loaders }) => loaders.registeredCount.load(id),
  seatsLeft: async ({ id, capacity }, _args, { loaders }) => seatsLeft(capacity, await loaders.registeredCount.load(id)),
  isRegistered: async ({ id }, _args, { loaders, viewer }) =>
    (await viewerRegistration(id, viewer, loaders))?.status === 'REGISTERED',
  viewerRegistration: async ({ id }, _args, { loaders, viewer }) => (await viewerRegistration(id, viewer, loaders)) ?? null,
  joinUrl: async (webinar, _args, { services, loaders, viewer }) =>
    services.attendance.joinUrlFor(webinar, viewer, await viewerRegistration(webinar.id, viewer, loaders)),
};

export const WebinarRegistration: WebinarRegistrationResolvers = {
  webinar: ({ webinarId }, _args, { loaders }) => mustLoad(loaders.webinar, webinarId, 'Webinar'),
  user: ({ userId }) => ({ id: userId }),
  waitlistPosition: async (registration, _args, { loaders }) => {
    if (registration.status !== 'WAITLISTED') return null;
    return waitlistPositions(await loaders.waitlistByWebinar.load(registration.webinarId)).get(registration.id) ?? null;
  },
};
