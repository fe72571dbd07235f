/** The quizzes subgraph: graded course quizzes, versioned questions, timed attempts, item analysis. */
import { rolePolicy } from '#platform/auth/directives.ts';
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { quizzesConsumers } from './events/consumers.ts';
import { createQuizzesLoaders } from './loaders.ts';
import type { QuestionView, QuizView } from './models.ts';
import { resolvers } from './resolvers/index.ts';
import { createQuizzesServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createQuizzesServices,
  createLoaders: createQuizzesLoaders,
  events: { publishes: events, consumers: quizzesConsumers },
  policies: {
    self: ({ viewer, parent }) => Boolean(viewer) && (parent as { id: string }).id === viewer?.userId,
    /** On Quiz and Question: the owner of the quiz's course (carried by the parent, see models.ts). */
    quizOwner: ({ viewer, parent }) => Boolean(viewer) && (parent as QuizView | QuestionView).ownerId === viewer?.userId,
    admin: rolePolicy('ADMIN'),
  },
  // Attempts that expired while the process was down are graded before it serves anyone.
  async onStart({ expiry }) {
    await expiry.sweep();
    expiry.start();
  },
  async onStop({ expiry }) {
    await expiry.stop();
  },
});
