/** Runs the gateway as its own process (docker-compose, scale-out): `tsx gateway/src/index.ts`. */
import { resolve } from 'node:path';
import { jwksUrl, readCatalog, repoRoot, subgraphUrl } from '#platform/catalog.ts';
import { requireSharedSecret } from '#platform/graphql/gateway-signature.ts';
import { runProcess } from '#platform/process.ts';
import { createGateway } from './app.ts';

await runProcess('gateway', async (runtime) => {
  const { env } = runtime;
  requireSharedSecret(env);
  const gateway = await createGateway(runtime, {
    supergraph: { path: resolve(repoRoot, env.SUPERGRAPH_PATH), watch: env.SUPERGRAPH_WATCH ?? env.NODE_ENV === 'development' },
    subgraphUrls: Object.fromEntries(readCatalog().map((entry) => [entry.name, subgraphUrl(entry, env)])),
    publicRoutes: readCatalog().flatMap((entry) =>
      entry.publicPaths.map((path) => ({ path, subgraph: entry.name, url: subgraphUrl(entry, env) })),
    ),
    jwksUrl: jwksUrl(env),
  });
  runtime.onClose(() => gateway.close(), 'gateway');
  await gateway.listen(env.PORT ?? 4000);
});
