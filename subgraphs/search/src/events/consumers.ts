/**
 * `search-index`: the owners' events become documents in the same transaction as the inbox row;
 * after the commit the engine mirrors them (Elasticsearch) and the vocabulary is refreshed.
 */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { SearchTx } from '../db.ts';
import { INDEXED_EVENTS, type IndexedEvent } from '../services/documents.ts';
import type { SearchServices } from '../services/index.ts';

export const indexConsumer = ({ store, engine, vocabulary }: SearchServices): EventConsumer<SearchTx, IndexedEvent['name']> => {
  const written = new Map<string, string[]>();
  return {
    name: 'search-index',
    events: INDEXED_EVENTS,
    async handle(event, { tx }) {
      written.set(event.id, await store.apply(tx, event));
    },
    async afterCommit(event) {
      const ids = written.get(event.id) ?? [];
      written.delete(event.id);
      vocabulary.changed();
      await engine.sync(ids);
    },
  };
};

export const searchConsumers = (services: SearchServices) => [indexConsumer(services)];
