/**
 * The subgraph catalog, read from rover.yaml (the one list of subgraphs): names, routing URLs and
 * schema files, and the HTTP paths a subgraph serves publicly through the gateway. Ports come from the routing URLs, shifted by SUBGRAPH_PORT_OFFSET when several
 * stacks share a machine; SUBGRAPH_URL_TEMPLATE rewrites URLs where hosts differ (docker-compose).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Env } from './env.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const roverConfig = z.object({
  federation_version: z.string().optional(),
  subgraphs: z.record(
    z.string().regex(/^[a-z][a-z0-9-]*$/),
    z.object({
      routing_url: z.url(),
      schema: z.object({ file: z.string() }),
      // DoctorPy's own key (Rover ignores it): HTTP paths of the subgraph the gateway serves on its host.
      public_paths: z.array(z.string().regex(/^(\/[a-z0-9_-]+)+$/, 'a path such as /webhooks/stripe')).optional(),
    }),
  ),
});

export interface SubgraphEntry {
  name: string;
  routingUrl: string;
  port: number;
  schemaFile: string;
  root: string;
  /** Paths (and everything under them) the gateway forwards to this subgraph as they are (e.g. webhooks). */
  publicPaths: string[];
}

/**
 * Parsed once per version of the file (its modification time and size): a process asks for the
 * catalog many times while it starts (ports, schema files, public paths of every subgraph), and
 * parsing the YAML each time cost half a second of a start; scripts that edit rover.yaml see the edit.
 */
const parsedCatalogs = new Map<string, { version: string; entries: SubgraphEntry[] }>();

export function readCatalog(file = join(repoRoot, 'rover.yaml')): SubgraphEntry[] {
  const { mtimeMs, size } = statSync(file);
  const version = `${mtimeMs}:${size}`;
  const cached = parsedCatalogs.get(file);
  if (cached?.version === version) return cached.entries.map((entry) => ({ ...entry, publicPaths: [...entry.publicPaths] }));
  const entries = parseCatalog(file);
  parsedCatalogs.set(file, { version, entries });
  return readCatalog(file);
}

function parseCatalog(file: string): SubgraphEntry[] {
  const config = roverConfig.parse(parse(readFileSync(file, 'utf8')));
  return Object.entries(config.subgraphs).map(([name, subgraph]) => ({
    name,
    routingUrl: subgraph.routing_url,
    port: Number(new URL(subgraph.routing_url).port),
    schemaFile: resolve(dirname(file), subgraph.schema.file),
    root: join(repoRoot, 'subgraphs', name),
    publicPaths: subgraph.public_paths ?? [],
  }));
}

export function catalogEntry(name: string): SubgraphEntry {
  const entry = readCatalog().find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`Subgraph ${name} is not listed in rover.yaml`);
  return entry;
}

export const subgraphPort = (entry: SubgraphEntry, env: Env): number => entry.port + env.SUBGRAPH_PORT_OFFSET;

/** Where a subgraph answers, as seen from the gateway and the other processes. */
export function subgraphUrl(entry: SubgraphEntry, env: Env): string {
  const port = String(subgraphPort(entry, env));
  if (env.SUBGRAPH_URL_TEMPLATE) return env.SUBGRAPH_URL_TEMPLATE.replaceAll('{name}', entry.name).replaceAll('{port}', port);
  const url = new URL(entry.routingUrl);
  url.port = port;
  return url.toString();
}

/** The accounts JWKS document every token check uses. */
export function jwksUrl(env: Env): string {
  return env.JWKS_URL ?? new URL('/.well-known/jwks.json', subgraphUrl(catalogEntry('accounts'), env)).toString();
}
