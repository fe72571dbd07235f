/** The bookings subgraph. */
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { createBookingsLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createBookingsServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  events: { publishes: events },
  createServices: createBookingsServices,
  createLoaders: createBookingsLoaders,
});
