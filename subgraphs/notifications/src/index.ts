/** The notifications subgraph: in-app notifications made from domain events, and preferences (in-app and email). */
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { announcementsConsumer, emailConsumer, i18nConsumer, inboxConsumer } from './events/inbox.ts';
import { createNotificationsLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createNotificationsServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createNotificationsServices,
  createLoaders: createNotificationsLoaders,
  events: {
    publishes: events,
    consumers: (services) => [
      inboxConsumer(services),
      i18nConsumer(services),
      announcementsConsumer(services),
      emailConsumer(services),
    ],
  },
});
