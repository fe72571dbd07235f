/** The search subgraph: one search box over the platform, fed by the owners' events. */
import { defineSubgraph } from '#platform/subgraph.ts';
import { searchConsumers } from './events/consumers.ts';
import { createSearchLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createSearchServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createSearchServices,
  createLoaders: createSearchLoaders,
  events: { consumers: searchConsumers },
  async onStart({ vocabulary }) {
    await vocabulary.rebuild();
  },
});
