/**
 * `npm run bench:cache`: p50/p99 latency of a public catalogue query through the gateway with the
 * response cache off (RESPONSE_CACHE_MAX_TTL_SECONDS=0: every request runs its query plan) and on
 * (the same request answered from Redis). Same platform, data and query both times; see
 * settings.ts for BENCH_TOPOLOGY and the shared settings. BENCH_CONCURRENCY and BENCH_SECONDS tune the load.
 */
import { z } from 'zod';
import { graphqlRequest } from '#platform/graphql/client.ts';
import { seedDemoContent } from '../demo-content/seed.ts';
import { formatResult, measure, startBenchPlatform, waitFor, type LoadResult } from './load.ts';

const settings = z
  .object({
    BENCH_CONCURRENCY: z.coerce.number().int().positive().default(1),
    BENCH_SECONDS: z.coerce.number().positive().default(10),
  })
  .parse(process.env);

const OFFSET = 5_000;
const gatewayUrl = `http://localhost:${4_000 + OFFSET}/graphql`;
const QUERY = `query Catalogue { courses(first: 10) { totalCount edges { node { id slug title description level tags
  instructor { displayName } modules { title lessons { title durationMinutes } } } } } }`;

async function run(cacheTtl: string): Promise<{ result: LoadResult; cacheControl: string | null; age: boolean }> {
  const platform = await startBenchPlatform(OFFSET, { RESPONSE_CACHE_MAX_TTL_SECONDS: cacheTtl });
  try {
    await waitFor(async () => (await fetch(gatewayUrl.replace(/graphql$/, 'health/ready'))).ok, 120_000, 'platform start');
    await seedDemoContent(gatewayUrl);
    const probe = async () => {
      const response = await graphqlRequest(gatewayUrl, QUERY);
      if (response.errors?.length || !response.data) throw new Error(JSON.stringify(response.errors));
      return response;
    };
    await probe();
    const last = await probe();
    const load = { concurrency: settings.BENCH_CONCURRENCY, durationMs: settings.BENCH_SECONDS * 1000, warmupMs: 2_000 };
    const label = cacheTtl === '0' ? 'response cache off' : 'response cache on';
    const result = await measure(label, async () => void (await probe()), load);
    return { result, cacheControl: last.headers.get('cache-control'), age: last.headers.has('age') };
  } finally {
    await platform.stop();
  }
}

const off = await run('0');
const on = await run('300');
console.log(`bench:cache  ${settings.BENCH_SECONDS} s per measure, concurrency ${settings.BENCH_CONCURRENCY}`);
console.log(`${formatResult(off.result)}  (Cache-Control: ${off.cacheControl}, from the cache: ${off.age})`);
console.log(`${formatResult(on.result)}  (Cache-Control: ${on.cacheControl}, from the cache: ${on.age})`);
console.log(
  `cached p50 x${(on.result.p50 / off.result.p50).toFixed(2)} of uncached; throughput x${(on.result.perSecond / off.result.perSecond).toFixed(2)}`,
);
