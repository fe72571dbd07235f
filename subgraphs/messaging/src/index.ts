/** The messaging subgraph. */
import { defineSubgraph } from '#platform/subgraph.ts';
import { createMessagingLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createMessagingServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createMessagingServices,
  createLoaders: createMessagingLoaders,
});
