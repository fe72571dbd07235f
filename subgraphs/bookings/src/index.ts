/** The bookings subgraph. */
import { defineSubgraph } from '#platform/subgraph.ts';
import { createBookingsLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createBookingsServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createBookingsServices,
  createLoaders: createBookingsLoaders,
});
