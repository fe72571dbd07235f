import { referenceTo } from '#platform/graphql/reference.ts';
import type { NotificationResolvers } from '../generated/graphql.ts';

export const Notification: NotificationResolvers = {
  /** Only the recipient may resolve a notification (the gateway asks with the subscriber's token). */
  __resolveReference: async ({ id }, { loaders, viewer }) => {
    const notification = await loaders.notification.load(id);
    return notification && viewer && notification.userId === viewer.userId ? notification : null;
  },
  user: ({ userId }) => ({ id: userId }),
  badge: ({ badgeId }) => referenceTo(badgeId),
  conversation: ({ conversationId }) => referenceTo(conversationId),
};
