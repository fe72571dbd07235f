/** The committed event contract is what the subgraphs declare today (`npm run compose` fixes drift). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '#platform/catalog.ts';
import { buildContract, loadDeclarations, renderContract } from '#platform/events/contract-build.ts';

it('matches a fresh generation from the subgraphs event declarations', async () => {
  const fresh = await renderContract(buildContract(await loadDeclarations()));
  const committed = (name: string) => readFileSync(join(repoRoot, 'schema', name), 'utf8');
  expect(committed('events.json') === fresh.json, 'schema/events.json is stale: run `npm run compose`').toBe(true);
  expect(committed('events.ts') === fresh.types, 'schema/events.ts is stale: run `npm run compose`').toBe(true);
});
