/** The profiles subgraph: public profiles (bio, avatar, locale, timezone) on User; avatars uploaded through media. */
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { profilesConsumers } from './events/consumers.ts';
import { createProfilesLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createProfilesServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createProfilesServices,
  createLoaders: createProfilesLoaders,
  events: { publishes: events, consumers: profilesConsumers },
});
