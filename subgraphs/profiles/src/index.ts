/** The profiles subgraph: public profiles (bio, avatar, locale, timezone) on User. */
import { fileURLToPath } from 'node:url';
import { defineSubgraph } from '#platform/subgraph.ts';
import { createProfilesDb } from './db.ts';
import events from './events/catalog.ts';
import { createProfilesLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createProfilesServices } from './services/index.ts';

export default defineSubgraph({
  name: 'profiles',
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolvers,
  createDb: createProfilesDb,
  createServices: createProfilesServices,
  createLoaders: createProfilesLoaders,
  events: { publishes: events },
});
