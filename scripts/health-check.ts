/**
 * `npm run health`: asks the gateway and every subgraph for /health/ready and prints the answers;
 * exits 1 when one is not ready. Addresses follow PORT, SUBGRAPH_PORT_OFFSET, SUBGRAPH_URL_TEMPLATE.
 */
import { readCatalog, subgraphUrl } from '#platform/catalog.ts';
import { loadEnv } from '#platform/env.ts';

const env = loadEnv({ dotenv: true });
const targets = [
  { name: 'gateway', url: `http://localhost:${env.PORT ?? 4000}/graphql` },
  ...readCatalog().map((entry) => ({ name: entry.name, url: subgraphUrl(entry, env) })),
];

let failures = 0;
for (const { name, url } of targets) {
  const probe = new URL('/health/ready', url);
  const answer = await fetch(probe, { signal: AbortSignal.timeout(5_000) })
    .then(async (response) => ({
      ok: response.ok,
      detail: JSON.stringify(((await response.json()) as { checks?: unknown }).checks ?? {}),
    }))
    .catch((error: Error) => ({ ok: false, detail: error.message }));
  if (!answer.ok) failures += 1;
  console.log(`${answer.ok ? 'ready    ' : 'NOT READY'} ${name.padEnd(14)} ${probe.href} ${answer.detail}`);
}
process.exit(failures ? 1 : 0);
