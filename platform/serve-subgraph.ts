/** Runs one subgraph as its own process (docker-compose, scale-out): `tsx subgraphs/<name>/src/main.ts`. */
import { catalogEntry, jwksUrl, subgraphPort } from './catalog.ts';
import { requireSharedSecret } from './graphql/gateway-signature.ts';
import { runProcess } from './process.ts';
import { createSubgraphServer, type Disconnectable, type SubgraphDefinition } from './subgraph.ts';

export function serveSubgraph<Db extends Disconnectable, Services, Loaders>(
  definition: SubgraphDefinition<Db, Services, Loaders>,
): Promise<void> {
  return runProcess(definition.name, async (runtime) => {
    requireSharedSecret(runtime.env);
    const server = await createSubgraphServer(definition, runtime, { jwksUrl: jwksUrl(runtime.env) });
    runtime.onClose(() => server.close(), definition.name);
    await server.listen(runtime.env.PORT ?? subgraphPort(catalogEntry(definition.name), runtime.env));
  });
}
