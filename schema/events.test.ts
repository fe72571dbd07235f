/** The committed event contract is what the subgraphs declare today (`npm run compose` fixes drift). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { repoRoot } from '#platform/catalog.ts';
import { buildContract, loadDeclarations, renderContract } from '#platform/events/contract-build.ts';

it('matches a fresh generation from the subgraphs event declarations', async () => {
  const fresh = await renderContract(buildContract(await loadDeclarations()));
  const committed = (name: string) => readFileSync(join(repoRoot, 'schema', name), 'utf8');
  // When one fails, the committed file is stale: run `npm run compose`.
  expect(committed('events.json') === fresh.json).toBe(true);
  expect(committed('events.ts') === fresh.types).toBe(true);
});
