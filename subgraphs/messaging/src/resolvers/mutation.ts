import { requireViewer } from '#platform/auth/viewer.ts';
import type { MutationResolvers } from '../generated/graphql.ts';

export const Mutation: MutationResolvers = {
  startConversation: (_parent, { userId }, { services, viewer }) => services.conversations.start(requireViewer(viewer), userId),
  sendMessage: (_parent, { conversationId, body }, { services, viewer }) =>
    services.messages.send(requireViewer(viewer), conversationId, body),
  editMessage: (_parent, { id, body }, { services, viewer }) => services.messages.edit(requireViewer(viewer), id, body),
  markConversationRead: (_parent, { id }, { services, viewer }) => services.conversations.markRead(requireViewer(viewer), id),
  announce: (_parent, { courseId, title, body }, { services, viewer }) =>
    services.messages.announce(requireViewer(viewer), { courseId, title, body }),
};
