import { referenceTo } from '#platform/graphql/reference.ts';
import type { NotificationResolvers } from '../generated/graphql.ts';

export const Notification: NotificationResolvers = {
  /** Only the recipient may resolve a notification (the gateway asks with the subscriber's token). */
  __resolveReference: async ({ id }, { loaders, viewer }) => {
    const notification = await loaders.notification.load(id);
    return notification && viewer && notification.userId === viewer.userId ? notification : null;
  },
  user: ({ userId }) => ({ id: userId }),
  // Its slug comes along (@provides): a notification push asking `badge { slug }` calls no other
  // subgraph. A row written before the slug was stored shows no badge rather than an unresolvable one.
  badge: ({ badgeId, badgeSlug }) =>
    badgeId && badgeSlug ? { __typename: 'Badge' as const, id: badgeId, slug: badgeSlug } : null,
  conversation: ({ conversationId }) => referenceTo(conversationId),
};
