/** The sponsors subgraph: sponsors, the seats they fund in courses, redemptions and aggregate reports. */
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { sponsorsConsumers } from './events/consumers.ts';
import { createSponsorsLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createSponsorsServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createSponsorsServices,
  createLoaders: createSponsorsLoaders,
  events: { publishes: events, consumers: sponsorsConsumers },
});
