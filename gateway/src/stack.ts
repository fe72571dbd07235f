/**
 * The whole platform in one process: every subgraph of rover.yaml (or a chosen few) and the
 * gateway in front. `npm start` runs it on the catalog ports; tests run it on free ports with a
 * supergraph composed from the current schema files (cached on disk by their contents). Subgraphs listen on the loopback interface
 * only, the gateway on HOST.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Kind, parse } from 'graphql';
import { catalogEntry, jwksUrl, readCatalog, repoRoot, subgraphPort } from '#platform/catalog.ts';
import { composeSupergraphCached } from '#platform/composition.ts';
import { once } from '#platform/once.ts';
import type { Runtime } from '#platform/runtime.ts';
import { createSubgraphServer, subgraphSettings, type SubgraphServer } from '#platform/subgraph.ts';
import { loadSubgraph, type SubgraphModule } from '#platform/subgraph-module.ts';
import { createGateway, type GatewayServer } from './app.ts';
import type { SupergraphSource } from './supergraph.ts';

export interface StackOptions {
  /** Subgraph names; every subgraph of rover.yaml by default. */
  subgraphs?: string[];
  /** `catalog`: the rover.yaml ports (+ SUBGRAPH_PORT_OFFSET); `ephemeral`: any free port. */
  ports: 'catalog' | 'ephemeral';
  gatewayPort: number;
  /**
   * `file`: schema/supergraph.graphql; `compose`: composed now from the subgraphs' schema files,
   * with the schemas of the subgraphs that own fields the running ones mark @external (a field one
   * provides, another's), which join the composition without running: a call the gateway makes
   * to one of them is answered 503 by a stand-in.
   */
  supergraph: 'file' | 'compose';
}

export interface Stack {
  url: string;
  gateway: GatewayServer;
  subgraphs: Map<string, SubgraphServer<unknown>>;
  subgraphUrls: Record<string, string>;
  close(): Promise<void>;
}

export async function startStack(runtime: Runtime, options: StackOptions): Promise<Stack> {
  const { env } = runtime;
  const names = options.subgraphs ?? readCatalog().map((entry) => entry.name);
  const portOf = (name: string) => (options.ports === 'catalog' ? subgraphPort(catalogEntry(name), env) : 0);
  const subgraphs = new Map<string, SubgraphServer<unknown>>();
  const subgraphUrls: Record<string, string> = {};
  // On ephemeral ports the JWKS URL is known once accounts listens; token checks read it lazily.
  let keysUrl = jwksUrl(env);
  const keys = () => keysUrl;
  // Every subgraph's own settings are checked before anything starts: a wrong one stops it all at once.
  // One at a time: importing is CPU-bound anyway, and Jest's ESM loader fails when two parallel dynamic
  // imports share a dependency it has not linked yet ("request for 'x' is not in cache").
  const modules: SubgraphModule[] = [];
  for (const name of names) modules.push(await loadSubgraph(name));
  for (const subgraph of modules) subgraphSettings(subgraph, runtime);
  const start = async (subgraph: SubgraphModule) => {
    const { name } = subgraph;
    const server = await createSubgraphServer(subgraph, runtime, { jwksUrl: keys });
    subgraphs.set(name, server);
    // Only the gateway beside them calls them: nothing off this machine reaches them, whatever HOST says.
    subgraphUrls[name] = await server.listen(portOf(name), '127.0.0.1');
    if (name === 'accounts' && options.ports === 'ephemeral')
      keysUrl = new URL('/.well-known/jwks.json', subgraphUrls[name]).toString();
  };

  let standIn: Server | undefined;
  try {
    await Promise.all(modules.map(start));
    const composedWith = options.supergraph === 'compose' ? ownersOfExternalFields(names) : [];
    if (composedWith.length) {
      standIn = await notRunningStandIn();
      const { port } = standIn.address() as AddressInfo;
      for (const name of composedWith) subgraphUrls[name] = `http://127.0.0.1:${port}/${name}`;
    }

    const supergraph: SupergraphSource =
      options.supergraph === 'file'
        ? { path: resolve(repoRoot, env.SUPERGRAPH_PATH), watch: env.SUPERGRAPH_WATCH ?? env.NODE_ENV === 'development' }
        : {
            // The catalog's URLs, not these ports: the gateway routes by subgraphUrls, and the
            // composition is then the same from one stack to the next (cached).
            sdl: composeSupergraphCached(
              [...names, ...composedWith].map((name) => ({
                name,
                url: catalogEntry(name).routingUrl,
                schemaFile: catalogEntry(name).schemaFile,
              })),
              resolve(repoRoot, 'node_modules', '.cache', 'doctorpy-supergraph'),
            ),
          };
    const publicRoutes = names.flatMap((name) =>
      catalogEntry(name).publicPaths.map((path) => ({ path, subgraph: name, url: subgraphUrls[name]! })),
    );
    const gateway = await createGateway(runtime, { supergraph, subgraphUrls, jwksUrl: keys, publicRoutes });
    const url = await gateway.listen(options.gatewayPort);

    return {
      url,
      gateway,
      subgraphs,
      subgraphUrls,
      close: once(async () => {
        await closeTimed(runtime, 'gateway', () => gateway.close());
        await Promise.all([...subgraphs].map(([name, server]) => closeTimed(runtime, name, () => server.close())));
        await closeServer(standIn);
      }),
    };
  } catch (error) {
    await Promise.all([...subgraphs.values()].map((server) => server.close().catch(() => undefined)));
    await closeServer(standIn);
    throw error;
  }
}

/** `Type.field` of each object field a subgraph's schema declares, with whether it marks it @external. */
function declaredFields(name: string): Map<string, boolean> {
  const fields = new Map<string, boolean>();
  for (const definition of parse(readFileSync(catalogEntry(name).schemaFile, 'utf8')).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    for (const field of definition.fields ?? [])
      fields.set(
        `${definition.name.value}.${field.name.value}`,
        (field.directives ?? []).some((directive) => directive.name.value === 'external'),
      );
  }
  return fields;
}

/** The subgraphs not in `names` that own a field one of `names` (or of them, in turn) marks @external. */
function ownersOfExternalFields(names: string[]): string[] {
  const others = readCatalog()
    .map((entry) => entry.name)
    .filter((name) => !names.includes(name));
  if (!others.length) return [];
  // Each schema is read and parsed once.
  const declared = new Map<string, Map<string, boolean>>();
  const fieldsIn = (name: string) => declared.get(name) ?? declared.set(name, declaredFields(name)).get(name)!;
  const owners: string[] = [];
  const pending = [...names];
  while (pending.length) {
    const external = [...fieldsIn(pending.pop()!)].filter(([, isExternal]) => isExternal).map(([field]) => field);
    if (!external.length) continue;
    for (const other of others) {
      if (owners.includes(other) || !external.some((field) => fieldsIn(other).get(field) === false)) continue;
      owners.push(other);
      pending.push(other);
    }
  }
  return owners;
}

/** Answers every call 503 with a GraphQL error naming the subgraph (the path's first segment). */
async function notRunningStandIn(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    const name = (req.url ?? '/').split('/')[1] || 'this subgraph';
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        errors: [{ message: `${name} is not running in this stack`, extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }],
      }),
    );
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return server;
}

const closeServer = (server: Server | undefined) =>
  new Promise<void>((closed) => (server ? server.close(() => closed()) : closed()));

/** Logs how long each part took to close, so a slow shutdown names its culprit. */
async function closeTimed(runtime: Runtime, label: string, close: () => Promise<void>): Promise<void> {
  const started = performance.now();
  await close();
  runtime.logger.debug({ step: label, ms: Math.round(performance.now() - started) }, 'closed');
}
