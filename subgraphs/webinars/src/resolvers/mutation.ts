import { requireViewer } from '#platform/auth/viewer.ts';
import type { MutationResolvers } from '../generated/graphql.ts';
import { forgetWebinar, type WebinarsLoaders } from '../loaders.ts';

/** Returns what a mutation changed, after dropping what the request's loaders hold of its webinar. */
const fresh = <T>(loaders: WebinarsLoaders, webinarId: string, value: T): T => {
  forgetWebinar(loaders, webinarId);
  return value;
};

export const Mutation: MutationResolvers = {
  scheduleWebinar: (_parent, { input }, { services, viewer }) => services.lifecycle.schedule(requireViewer(viewer), input),
  startWebinar: async (_parent, { id }, { services, viewer, loaders }) => {
    const webinar = await services.lifecycle.start(requireViewer(viewer), id);
    return fresh(loaders, webinar.id, webinar);
  },
  endWebinar: async (_parent, { id, recordingUrl }, { services, viewer, loaders }) => {
    const webinar = await services.lifecycle.end(requireViewer(viewer), id, recordingUrl);
    return fresh(loaders, webinar.id, webinar);
  },
  cancelWebinar: async (_parent, { id }, { services, viewer, loaders }) => {
    const webinar = await services.lifecycle.cancel(requireViewer(viewer), id);
    return fresh(loaders, webinar.id, webinar);
  },
  registerForWebinar: async (_parent, { id }, { services, viewer, loaders }) => {
    const registration = await services.registrations.register(requireViewer(viewer), id);
    return fresh(loaders, registration.webinarId, registration);
  },
  cancelWebinarRegistration: async (_parent, { id }, { services, viewer, loaders }) => {
    const registration = await services.registrations.cancel(requireViewer(viewer), id);
    return fresh(loaders, registration.webinarId, registration);
  },
  joinWebinar: (_parent, { id }, { services, viewer }) => services.attendance.join(requireViewer(viewer), id),
};
