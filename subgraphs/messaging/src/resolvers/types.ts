import { mustLoad } from '#platform/graphql/loaders.ts';
import { referenceTo } from '#platform/graphql/reference.ts';
import type { ConversationResolvers, ConversationMessageResolvers } from '../generated/graphql.ts';
import { membershipKey } from '../loaders.ts';

export const Conversation: ConversationResolvers = {
  /** Only members resolve a conversation (the gateway asks with the caller's token). */
  __resolveReference: async ({ id }, { loaders, viewer }) => {
    const conversation = await loaders.conversation.load(id);
    if (!conversation || !viewer) return null;
    return (await loaders.membership.load(membershipKey(id, viewer.userId))) ? conversation : null;
  },
  title: async ({ courseId }, _args, { loaders }) => (courseId ? ((await loaders.course.load(courseId))?.title ?? null) : null),
  members: async ({ id, courseId }, _args, { loaders, services, viewer }) => {
    const [memberIds, course] = await Promise.all([
      loaders.memberIds.load(id),
      courseId ? loaders.course.load(courseId) : undefined,
    ]);
    return services.conversations.visibleMembers(viewer, memberIds, course?.instructorId).map((userId) => ({ id: userId }));
  },
  course: ({ courseId }) => referenceTo(courseId),
  lastMessage: async ({ lastMessageId }, _args, { loaders }) =>
    lastMessageId ? ((await loaders.message.load(lastMessageId)) ?? null) : null,
  unreadCount: async ({ id, lastSeq }, _args, { loaders, viewer }) => {
    const member = viewer ? await loaders.membership.load(membershipKey(id, viewer.userId)) : undefined;
    return member ? Math.max(0, lastSeq - member.lastReadSeq) : 0;
  },
  messages: ({ id }, { first, after }, { services }) => services.messages.page(id, { first, after }),
};

export const ConversationMessage: ConversationMessageResolvers = {
  conversation: ({ conversationId }, _args, { loaders }) => mustLoad(loaders.conversation, conversationId, 'Conversation'),
  author: ({ authorId }) => ({ id: authorId }),
};
