/** The quests subgraph: quests and their steps, learners' runs, answer checking. */
import { rolePolicy } from '#platform/auth/directives.ts';
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { createQuestsLoaders } from './loaders.ts';
import type { QuestStep } from './models.ts';
import { resolvers } from './resolvers/index.ts';
import { createQuestsServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createQuestsServices,
  createLoaders: createQuestsLoaders,
  events: { publishes: events },
  policies: {
    self: ({ viewer, parent }) => Boolean(viewer) && (parent as { id: string }).id === viewer?.userId,
    /** On QuestStep: the author of the step's quest (carried by the step, see models.ts). */
    questAuthor: ({ viewer, parent }) => Boolean(viewer) && (parent as QuestStep).authorId === viewer?.userId,
    admin: rolePolicy('ADMIN'),
  },
});
