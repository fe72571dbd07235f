/** The media subgraph. */
import { defineSubgraph } from '#platform/subgraph.ts';
import { createMediaLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createMediaServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createMediaServices,
  createLoaders: createMediaLoaders,
});
