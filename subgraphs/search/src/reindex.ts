/**
 * `npm run search:reindex`: rebuilds the search index from search's own documents while the
 * platform keeps answering. Elasticsearch (ELASTICSEARCH_URL): a new index is filled with bulk
 * requests, then the alias moves to it in one atomic call and the old index is deleted. Postgres:
 * every tsvector and the vocabulary are recomputed in one transaction (readers see the previous
 * state until it commits). Needs DATABASE_URL: the embedded database belongs to `npm start`.
 */
import { join } from 'node:path';
import { isEmbedded, loadEnv, settingsSource } from '#platform/env.ts';
import { openSubgraphDatabase } from '#platform/db/database.ts';
import { subgraphEvents } from '#platform/events/subgraph-events.ts';
import { ServiceMetrics } from '#platform/metrics.ts';
import { createRuntime } from '#platform/runtime.ts';
import { subgraphSettings } from '#platform/subgraph.ts';
import { loadSubgraph } from '#platform/subgraph-module.ts';
import type { SearchDb } from './db.ts';
import { createSearchServices } from './services/index.ts';
import type { SearchSettings } from './settings.ts';

const source = settingsSource({ dotenv: true });
const env = loadEnv({ source });
if (isEmbedded(env)) {
  console.error('DATABASE_URL is not set: the embedded database belongs to the running `npm start` process.');
  process.exit(2);
}
const runtime = createRuntime(env, 'search-reindex', source);
const subgraph = await loadSubgraph('search');
const settings = subgraphSettings(subgraph, runtime) as SearchSettings;
const logger = runtime.logger.child({ subgraph: 'search' });
const database = await openSubgraphDatabase(runtime, 'search', {
  migrationsDir: join(subgraph.root, 'prisma', 'migrations'),
  migrate: false,
});
const db = (await subgraph.createDb(database.adapter)) as SearchDb;
const events = subgraphEvents('search', runtime, logger, new ServiceMetrics('search_reindex'));
try {
  const services = createSearchServices({ db, sql: database.sql, runtime, env, settings, logger, events });
  const started = performance.now();
  const { documents, index } = await services.engine.reindex();
  if (services.engine.name === 'elasticsearch') await services.vocabulary.rebuild();
  console.log(
    `${services.engine.name}: ${documents} documents indexed into ${index} in ${Math.round(performance.now() - started)} ms`,
  );
} finally {
  await db.$disconnect();
  await database.sql.close();
  await runtime.close();
}
process.exit(0);
