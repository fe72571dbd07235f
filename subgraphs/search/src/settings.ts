/**
 * The search subgraph's own settings: with ELASTICSEARCH_URL the index lives in Elasticsearch
 * (rebuilt from the subgraph's documents by `npm run search:reindex`); without it, search runs on
 * Postgres full text in the subgraph's own database.
 */
import { z } from 'zod';
import { optional, url } from '#platform/env.ts';

export const settings = z.object({
  ELASTICSEARCH_URL: optional(url(['http:', 'https:'])).meta({ compose: '${ELASTICSEARCH_URL:-http://elasticsearch:9200}' }),
  // The alias queries read; each (re)build makes a new index behind it.
  ELASTICSEARCH_INDEX: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,60}$/, 'must be a lower-case Elasticsearch index name')
    .default('doctorpy-search'),
});

export type SearchSettings = z.infer<typeof settings>;
