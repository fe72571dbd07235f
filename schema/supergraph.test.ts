/** The committed supergraph is what rover.yaml composes to today (`npm run compose` fixes drift). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { readCatalog, repoRoot } from '#platform/catalog.ts';
import { composeSupergraph } from '#platform/composition.ts';

it('matches a fresh composition of rover.yaml', () => {
  const fresh = composeSupergraph(
    readCatalog().map(({ name, routingUrl, schemaFile }) => ({ name, url: routingUrl, schemaFile })),
  );
  const committed = readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8');
  // When this fails, schema/supergraph.graphql is stale: run `npm run compose`.
  expect(committed === fresh).toBe(true);
});
