/** The webinars subgraph. */
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { createWebinarsLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createWebinarsServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  events: { publishes: events },
  createServices: createWebinarsServices,
  createLoaders: createWebinarsLoaders,
});
