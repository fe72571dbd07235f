/** The i18n subgraph: locales, the locale of a request, interface strings, translations of courses and lessons. */
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { i18nConsumers } from './events/consumers.ts';
import { createI18nLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createI18nServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createI18nServices,
  createLoaders: createI18nLoaders,
  events: { publishes: events, consumers: i18nConsumers },
});
