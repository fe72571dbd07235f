/** The media subgraph: uploads straight to storage (local disk or S3) through signed URLs, checked files, avatars, lesson attachments. */
import { rolePolicy } from '#platform/auth/directives.ts';
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { mediaConsumers } from './events/consumers.ts';
import { createMediaLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { mediaRoutes } from './routes.ts';
import { createMediaServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createMediaServices,
  createLoaders: createMediaLoaders,
  events: { publishes: events, consumers: mediaConsumers },
  routes: mediaRoutes,
  policies: {
    self: ({ viewer, parent }) => Boolean(viewer) && (parent as { id: string }).id === viewer?.userId,
    admin: rolePolicy('ADMIN'),
  },
  // Uploads abandoned while the process was down are swept before it serves anyone.
  async onStart({ storage, sweeper }) {
    await storage.prepare();
    await sweeper.sweep();
    sweeper.start();
  },
  async onStop({ storage, sweeper }) {
    await sweeper.stop();
    storage.close();
  },
});
