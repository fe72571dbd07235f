/** The notifications subgraph: in-app notifications made from domain events, and preferences. */
import { fileURLToPath } from 'node:url';
import { defineSubgraph } from '#platform/subgraph.ts';
import { createNotificationsDb } from './db.ts';
import events from './events/catalog.ts';
import { inboxConsumer } from './events/inbox.ts';
import { createNotificationsLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createNotificationsServices } from './services/index.ts';

export default defineSubgraph({
  name: 'notifications',
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolvers,
  createDb: createNotificationsDb,
  createServices: createNotificationsServices,
  createLoaders: createNotificationsLoaders,
  events: {
    publishes: events,
    consumers: (services) => [inboxConsumer(services)],
  },
});
