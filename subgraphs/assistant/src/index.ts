/** The assistant subgraph: the RAG tutor (index, retrieval, providers, cache, quotas, pedagogy guard). */
import { rolePolicy } from '#platform/auth/directives.ts';
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { assistantConsumers } from './events/consumers.ts';
import { createAssistantLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createAssistantServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createAssistantServices,
  createLoaders: createAssistantLoaders,
  events: { publishes: events, consumers: assistantConsumers },
  policies: {
    self: ({ viewer, parent }) => Boolean(viewer) && (parent as { id: string }).id === viewer?.userId,
    admin: rolePolicy('ADMIN'),
  },
  async onStart(services, { logger }) {
    await services.templates.install();
    // In the background: the subgraph serves full-text retrieval meanwhile.
    services.embeddings.backfill().catch((error: unknown) => logger.warn({ err: error }, 'embedding backfill stopped'));
  },
});
