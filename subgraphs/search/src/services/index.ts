import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { SearchDb } from '../db.ts';
import type { SearchSettings } from '../settings.ts';
import { DocumentStore } from './documents.ts';
import { ElasticEngine } from './elastic-engine.ts';
import { PostgresEngine } from './postgres-engine.ts';
import { Search } from './search.ts';
import { Vocabulary } from './vocabulary.ts';

export const createSearchServices = ({ db, sql, settings, logger }: SubgraphDeps<SearchDb, SearchSettings>) => {
  const store = new DocumentStore(sql.schema);
  const postgres = new PostgresEngine(sql, store);
  const engine = settings.ELASTICSEARCH_URL
    ? new ElasticEngine(settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX, db)
    : postgres;
  return { store, engine, search: new Search(engine), vocabulary: new Vocabulary(postgres, logger) };
};

export type SearchServices = ReturnType<typeof createSearchServices>;
