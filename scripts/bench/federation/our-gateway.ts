/**
 * DoctorPy's gateway (gateway/src/app.ts, as `npm start` and the Docker image run it) in front of
 * the benchmark's subgraphs, in production mode, with the per-client rate limit off (one client
 * sends the whole load).
 */
import { readFileSync } from 'node:fs';
import { createGateway } from '#gateway/src/app.ts';
import { runProcess } from '#platform/process.ts';

await runProcess('gateway', async (runtime) => {
  const gateway = await createGateway(runtime, {
    supergraph: { sdl: readFileSync(process.env.BENCH_SUPERGRAPH!, 'utf8') },
    subgraphUrls: {},
    jwksUrl: 'http://127.0.0.1:9/.well-known/jwks.json',
  });
  runtime.onClose(() => gateway.close(), 'gateway');
  await gateway.listen(Number(process.env.PORT), '127.0.0.1');
  console.log('ready');
});
