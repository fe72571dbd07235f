import { requireViewer } from '#platform/auth/viewer.ts';
import type { MutationResolvers } from '../generated/graphql.ts';

export const Mutation: MutationResolvers = {
  askAssistant: (_parent, { input }, { services, viewer }) => services.tutor.ask(requireViewer(viewer), input),
  updateAssistantTemplate: (_parent, { id, input }, { services, viewer }) =>
    services.templates.update(requireViewer(viewer), id, input),
};
