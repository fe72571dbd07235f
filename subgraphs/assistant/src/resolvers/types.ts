import type { Resolvers } from '../generated/graphql.ts';
import type { Citation } from '../models.ts';
import { mayRead } from '../services/conversations.ts';
import { requireViewer } from '#platform/auth/viewer.ts';
import { notFound } from '#platform/errors.ts';

export const types: Omit<Resolvers, 'Query' | 'Mutation' | 'Subscription'> = {
  AssistantAnswer: {
    __resolveReference: async ({ id }, { loaders, viewer }) => {
      const answer = await loaders.answer.load(id);
      return answer && viewer && mayRead(viewer, answer.userId) ? answer : null;
    },
    queryType: (answer) => answer.queryType as never,
    guard: (answer) => answer.guard as never,
    citations: (answer) => answer.citations as unknown as Citation[],
    conversation: async (answer, _args, { loaders }) => {
      const conversation = await loaders.conversation.load(answer.conversationId);
      if (!conversation) throw notFound('AssistantConversation', answer.conversationId);
      return conversation;
    },
  },
  Citation: {
    lesson: (citation) => (citation.kind === 'LESSON' ? { id: citation.sourceId } : null),
    quest: (citation) => (citation.kind === 'QUEST' ? { id: citation.sourceId } : null),
  },
  AssistantConversation: {
    __resolveReference: async ({ id }, { loaders, viewer }) => {
      const conversation = await loaders.conversation.load(id);
      return conversation && viewer && mayRead(viewer, conversation.userId) ? conversation : null;
    },
    user: (conversation) => ({ id: conversation.userId }),
    answers: (conversation, { first, after }, { services, viewer }) => {
      if (!mayRead(requireViewer(viewer), conversation.userId)) throw notFound('AssistantConversation', conversation.id);
      return services.conversations.answers(conversation.id, { first, after });
    },
  },
  AssistantTemplate: {
    queryType: (template) => template.queryType as never,
    versions: (template, _args, { loaders }) => loaders.templateVersions.load(template.id),
  },
  User: {
    assistantConversations: (user, { first, after }, { services }) => services.conversations.listOf(user.id, { first, after }),
  },
};
