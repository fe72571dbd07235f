/**
 * The process entry of any one subgraph (docker-compose, scale-out), found by its rover.yaml name:
 *   node --import tsx platform/serve-subgraph.ts <name>     (sources, development)
 *   node dist/platform/serve-subgraph.js <name>             (the build, production)
 */
import { catalogEntry, jwksUrl, subgraphPort } from './catalog.ts';
import { requireSharedSecret } from './graphql/gateway-signature.ts';
import { runProcess } from './process.ts';
import { createSubgraphServer } from './subgraph.ts';
import { loadSubgraph } from './subgraph-module.ts';

const name = process.argv[2];
if (!name) {
  process.stderr.write('usage: serve-subgraph <name>  (a subgraph of rover.yaml)\n');
  process.exit(2);
}

await runProcess(name, async (runtime) => {
  requireSharedSecret(runtime.env);
  const entry = catalogEntry(name);
  const server = await createSubgraphServer(await loadSubgraph(name), runtime, { jwksUrl: jwksUrl(runtime.env) });
  runtime.onClose(() => server.close(), name);
  await server.listen(runtime.env.PORT ?? subgraphPort(entry, runtime.env));
});
