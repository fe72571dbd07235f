/** The webinars subgraph. */
import { defineSubgraph } from '#platform/subgraph.ts';
import { createWebinarsLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createWebinarsServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createWebinarsServices,
  createLoaders: createWebinarsLoaders,
});
