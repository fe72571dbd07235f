/**
 * Composes subgraph schemas into the supergraph with @apollo/composition (what `rover supergraph
 * compose` does; the Rover binary cannot be installed here). Directives a subgraph links with
 * `@composeDirective` (the DoctorPy live spec, platform/graphql/live.ts) stay in the supergraph.
 */
import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export type SubgraphSource = { name: string; url: string } & ({ schemaFile: string } | { sdl: string });

export class CompositionError extends Error {
  override name = 'CompositionError';
}

export function composeSupergraph(subgraphs: SubgraphSource[]): string {
  const result = composeServices(
    subgraphs.map((subgraph) => ({
      name: subgraph.name,
      url: subgraph.url,
      typeDefs: parse('sdl' in subgraph ? subgraph.sdl : readFileSync(subgraph.schemaFile, 'utf8')),
    })),
  );
  if (result.errors) {
    throw new CompositionError(`Composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}
