import { requireViewer } from '#platform/auth/viewer.ts';
import type { MutationResolvers } from '../generated/graphql.ts';
import { forgetRun } from '../loaders.ts';

export const Mutation: MutationResolvers = {
  createQuest: (_parent, { input }, { services, viewer }) => services.authoring.createQuest(requireViewer(viewer), input),
  startQuest: async (_parent, { questId }, { services, viewer, loaders }) => {
    const run = await services.runs.start(requireViewer(viewer), questId);
    forgetRun(loaders, run);
    return run;
  },
  submitAnswer: async (_parent, { progressId, stepId, answer }, { services, viewer, loaders }) => {
    const outcome = await services.runs.submit(requireViewer(viewer), { progressId, stepId, answer });
    forgetRun(loaders, outcome.progress);
    return outcome;
  },
};
