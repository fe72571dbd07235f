import { requireViewer } from '#platform/auth/viewer.ts';
import type { QueryResolvers } from '../generated/graphql.ts';

export const Query: QueryResolvers = {
  conversations: (_parent, { first, after }, { services, viewer }) =>
    services.conversations.list(requireViewer(viewer), { first, after }),
  conversation: async (_parent, { id }, { services, viewer }) =>
    (await services.conversations.requireMember(requireViewer(viewer), id)).conversation,
  conversationMessage: (_parent, { conversationId, id }, { services, viewer }) =>
    services.messages.one(requireViewer(viewer), conversationId, id),
  sentEmails: (_parent, { to, first }, { services }) => services.outbox.list(to, first),
};
