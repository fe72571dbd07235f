/**
 * Writes the published contracts (`npm run compose`): rover.yaml's subgraphs composed into
 * schema/supergraph.graphql, and the events they declare (subgraphs/<name>/src/events/catalog.ts)
 * into schema/events.json and schema/events.ts. `npm run compose -- --check` writes nothing and
 * fails when a committed file differs from a fresh generation.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCatalog, repoRoot } from '#platform/catalog.ts';
import { composeSupergraph } from '#platform/composition.ts';
import { buildContract, loadDeclarations, renderContract } from '#platform/events/contract-build.ts';

const check = process.argv.includes('--check');
const started = performance.now();
const subgraphs = readCatalog();
const supergraph = composeSupergraph(
  subgraphs.map(({ name, routingUrl, schemaFile }) => ({ name, url: routingUrl, schemaFile })),
);
const contract = buildContract(await loadDeclarations(subgraphs));
const { json, types } = await renderContract(contract);
const files = { 'supergraph.graphql': supergraph, 'events.json': json, 'events.ts': types };

if (check) {
  const stale = Object.entries(files)
    .filter(([name, fresh]) => {
      const committed = (() => {
        try {
          return readFileSync(join(repoRoot, 'schema', name), 'utf8');
        } catch {
          return undefined;
        }
      })();
      return committed !== fresh;
    })
    .map(([name]) => `schema/${name}`);
  if (stale.length) {
    console.error(`Stale: ${stale.join(', ')}. Run \`npm run compose\`.`);
    process.exit(1);
  }
  console.log(`schema/ is up to date (${subgraphs.length} subgraphs, ${Object.keys(contract.events).length} events)`);
} else {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(repoRoot, 'schema', name), content);
  console.log(
    `Composed ${subgraphs.length} subgraphs into schema/supergraph.graphql and ${Object.keys(contract.events).length} events ` +
      `into schema/events.json and schema/events.ts in ${Math.round(performance.now() - started)} ms`,
  );
}
