import { requireViewer } from '#platform/auth/viewer.ts';
import type { QueryResolvers } from '../generated/graphql.ts';

export const Query: QueryResolvers = {
  conversations: (_parent, { first, after }, { services, viewer }) =>
    services.conversations.list(requireViewer(viewer), { first, after }),
  conversation: async (_parent, { id }, { services, viewer }) =>
    (await services.conversations.requireMember(requireViewer(viewer), id)).conversation,
  latestMessage: (_parent, { conversationId }, { services, viewer }) =>
    services.messages.latest(requireViewer(viewer), conversationId),
  sentEmails: (_parent, { to, first }, { services }) => services.outbox.list(to, first),
};
