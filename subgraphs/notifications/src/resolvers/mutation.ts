import { requireViewer } from '#platform/auth/viewer.ts';
import type { MutationResolvers } from '../generated/graphql.ts';

export const Mutation: MutationResolvers = {
  markNotificationRead: (_parent, { id }, { services, viewer }) => services.feed.markRead(requireViewer(viewer), id),
  markAllNotificationsRead: (_parent, _args, { services, viewer }) => services.feed.markAllRead(requireViewer(viewer)),
  setNotificationPreference: (_parent, { kind, inApp }, { services, viewer }) =>
    services.preferences.set(requireViewer(viewer), kind, inApp),
  setEmailPreference: (_parent, { category, enabled }, { services, viewer }) =>
    services.emailPreferences.set(requireViewer(viewer), category, enabled),
};
