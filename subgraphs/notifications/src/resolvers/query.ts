import { requireViewer } from '#platform/auth/viewer.ts';
import type { QueryResolvers } from '../generated/graphql.ts';

export const Query: QueryResolvers = {
  notifications: (_parent, { first, after, unreadOnly }, { services, viewer }) =>
    services.feed.list(requireViewer(viewer), { unreadOnly: unreadOnly ?? false }, { first, after }),
  notification: (_parent, { id }, { services, viewer }) => services.feed.find(requireViewer(viewer), id),
  notificationPreferences: (_parent, _args, { services, viewer }) => services.preferences.list(requireViewer(viewer)),
  emailPreferences: (_parent, _args, { services, viewer }) => services.emailPreferences.list(requireViewer(viewer)),
};
