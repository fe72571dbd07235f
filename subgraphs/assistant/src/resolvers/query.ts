import { requireViewer } from '#platform/auth/viewer.ts';
import type { QueryResolvers } from '../generated/graphql.ts';

export const Query: QueryResolvers = {
  assistantConversation: (_parent, { id }, { services, viewer }) => services.conversations.find(requireViewer(viewer), id),
  assistantTemplates: (_parent, _args, { services }) => services.templates.all(),
  assistantIndex: (_parent, _args, { services }) => services.index.status(),
  assistantUsage: (_parent, { from, to }, { services }) => services.usage.between(from, to),
  assistantAnswerProgress: (_parent, { answerId }, { services, viewer }) =>
    services.streams.progress(requireViewer(viewer), answerId),
};
