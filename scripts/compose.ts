/** Composes rover.yaml's subgraphs into schema/supergraph.graphql (`npm run compose`). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCatalog, repoRoot } from '#platform/catalog.ts';
import { composeSupergraph } from '#platform/composition.ts';

const started = performance.now();
const subgraphs = readCatalog();
const supergraph = composeSupergraph(
  subgraphs.map(({ name, routingUrl, schemaFile }) => ({ name, url: routingUrl, schemaFile })),
);
writeFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), supergraph);
console.log(
  `Composed ${subgraphs.length} subgraphs into schema/supergraph.graphql in ${Math.round(performance.now() - started)} ms`,
);
