/** The messaging subgraph: conversations, messages, announcements, and email delivery (outbox, reminders, unsubscribe). */
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { messagingConsumers } from './events/consumers.ts';
import { createMessagingLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { unsubscribeRoutes } from './unsubscribe-page.ts';
import { createMessagingServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createMessagingServices,
  createLoaders: createMessagingLoaders,
  events: { publishes: events, consumers: messagingConsumers },
  routes: unsubscribeRoutes,
  // Reminders that fell due while the process was down fire before it serves anyone.
  async onStart({ links, scheduler, sender }) {
    await links.init();
    await scheduler.runDue();
    scheduler.start();
    sender.start();
  },
  async onStop({ scheduler, sender }) {
    await scheduler.stop();
    await sender.stop();
  },
});
