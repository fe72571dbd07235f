/** The bookings subgraph: instructors' slots and learners' bookings, never double-booked. */
import { rolePolicy } from '#platform/auth/directives.ts';
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { bookingsConsumers } from './events/consumers.ts';
import { createBookingsLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createBookingsServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createBookingsServices,
  createLoaders: createBookingsLoaders,
  events: { publishes: events, consumers: bookingsConsumers },
  policies: {
    self: ({ viewer, parent }) => Boolean(viewer) && (parent as { id: string }).id === viewer?.userId,
    admin: rolePolicy('ADMIN'),
  },
});
