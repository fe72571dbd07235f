/** The analytics subgraph: the event store, user/course/platform counters, live activity, dead letters. */
import { rolePolicy } from '#platform/auth/directives.ts';
import { defineSubgraph } from '#platform/subgraph.ts';
import { deadLetterConsumer } from './events/dead-letters.ts';
import { storeConsumer } from './events/store.ts';
import { createAnalyticsLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createAnalyticsServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createAnalyticsServices,
  createLoaders: createAnalyticsLoaders,
  // No event of its own: analytics only emits live signals.
  events: { consumers: (services) => [storeConsumer(services), deadLetterConsumer(services)] },
  policies: {
    selfByArgument: ({ viewer, args }) => Boolean(viewer) && args.userId === viewer?.userId,
    admin: rolePolicy('ADMIN'),
    analyst: rolePolicy('ANALYST'),
  },
});
