/** The webinars subgraph: live sessions, seats and waitlist, join links, attendance. */
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { webinarsConsumers } from './events/consumers.ts';
import { createWebinarsLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createWebinarsServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createWebinarsServices,
  createLoaders: createWebinarsLoaders,
  events: { publishes: events, consumers: webinarsConsumers },
});
