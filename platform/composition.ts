/**
 * Composes subgraph schemas into the supergraph with @apollo/composition (what `rover supergraph
 * compose` does; the Rover binary cannot be installed here). Directives a subgraph links with
 * `@composeDirective` (the DoctorPy live spec, platform/graphql/live.ts) stay in the supergraph.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
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

const compositionVersion: string = createRequire(import.meta.url)('@apollo/composition/package.json').version;

/**
 * composeSupergraph() remembered on disk by its inputs (names, URLs, schema texts, composition's
 * version): every test stack composes its subgraphs, and the same few sets come back in every
 * file (about a second each time). Callers that route elsewhere than the URLs in the supergraph
 * (the in-process stack) pass the catalog's URLs so that the key does not change with the ports.
 */
export function composeSupergraphCached(subgraphs: SubgraphSource[], cacheDir: string): string {
  const inputs = subgraphs.map((subgraph) => ({
    name: subgraph.name,
    url: subgraph.url,
    sdl: 'sdl' in subgraph ? subgraph.sdl : readFileSync(subgraph.schemaFile, 'utf8'),
  }));
  const key = createHash('sha256')
    .update(JSON.stringify([compositionVersion, inputs]))
    .digest('hex');
  const file = join(cacheDir, `${key}.graphql`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    const sdl = composeSupergraph(inputs);
    mkdirSync(cacheDir, { recursive: true });
    // Written aside then renamed: a process reading the cache never sees half a supergraph.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, sdl);
    renameSync(partial, file);
    return sdl;
  }
}
