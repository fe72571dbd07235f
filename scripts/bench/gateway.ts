/**
 * `npm run bench:gateway`: requests/s and p50/p99 latency of a query spanning accounts, profiles
 * and courses through the gateway, beside the same data fetched straight from the subgraphs in the
 * order the gateway's query plan uses (courses, then accounts and profiles in parallel). The ratio
 * is the gateway's own overhead: parsing, validation, planning, merging, the extra hop.
 *
 * The platform runs away from the load generator, on the machine's Postgres and Redis, with the
 * demo content; see settings.ts for BENCH_TOPOLOGY (one process, or one per service) and the
 * other shared settings. BENCH_CONCURRENCY (levels, e.g. "1,16") and BENCH_SECONDS tune the load.
 */
import { z } from 'zod';
import { graphqlData } from '#platform/graphql/client.ts';
import { seedDemoContent } from '../demo-content/seed.ts';
import { benchSubgraphSecret, formatResult, measure, startBenchPlatform, waitFor } from './load.ts';
import { benchSettings } from './settings.ts';

const settings = z
  .object({
    /** Concurrency levels to run, comma separated: 1 shows latency, 16 saturates the machine. */
    BENCH_CONCURRENCY: z
      .string()
      .default('1,16')
      .transform((value) => value.split(',').map(Number))
      .pipe(z.array(z.number().int().positive())),
    BENCH_SECONDS: z.coerce.number().positive().default(10),
  })
  .parse(process.env);

const OFFSET = 5_000;
const gatewayUrl = `http://localhost:${4_000 + OFFSET}/graphql`;
const subgraphUrl = (port: number) => `http://localhost:${port + OFFSET}/graphql`;

const QUERY = `query Catalog { courses(first: 3) { edges { node { title
  instructor { displayName profile { bio } }
  modules { title lessons { title } } } } } }`;

// What the gateway's plan sends to each subgraph for QUERY.
const COURSES_FETCH = `{ courses(first: 3) { edges { node { title instructor { __typename id } modules { title lessons { title } } } } } }`;
const ACCOUNTS_FETCH = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { displayName } } }`;
const PROFILES_FETCH = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { profile { bio } } } }`;

type CoursesPage = { courses: { edges: Array<{ node: { instructor: { __typename: string; id: string } } }> } };

const platform = await startBenchPlatform(OFFSET);
try {
  await waitFor(async () => (await fetch(gatewayUrl.replace(/graphql$/, 'health/ready'))).ok, 90_000, 'platform start');
  await seedDemoContent(gatewayUrl);
  console.log(
    `bench:gateway  ${settings.BENCH_SECONDS} s per measure after 2 s of warm-up; topology ${benchSettings.BENCH_TOPOLOGY} ` +
      `(${benchSettings.BENCH_TOPOLOGY === 'single' ? 'gateway and every subgraph in one process' : 'one process per service'})`,
  );
  for (const concurrency of settings.BENCH_CONCURRENCY) {
    const load = { concurrency, durationMs: settings.BENCH_SECONDS * 1000, warmupMs: 2_000 };
    const throughGateway = await measure(
      'through the gateway',
      async () => {
        await graphqlData(gatewayUrl, QUERY);
      },
      load,
    );
    const direct = await measure(
      'straight to the subgraphs (planned)',
      async () => {
        // Signed as the gateway signs: subgraphs answer nothing else.
        const signed = { gatewaySecret: benchSubgraphSecret };
        const page = await graphqlData<CoursesPage>(subgraphUrl(4_003), COURSES_FETCH, {}, signed);
        const representations = [
          ...new Map(page.courses.edges.map((edge) => [edge.node.instructor.id, edge.node.instructor])).values(),
        ];
        await Promise.all([
          graphqlData(subgraphUrl(4_001), ACCOUNTS_FETCH, { representations }, signed),
          graphqlData(subgraphUrl(4_002), PROFILES_FETCH, { representations }, signed),
        ]);
      },
      load,
    );
    console.log(`\nconcurrency ${concurrency}`);
    console.log(formatResult(throughGateway));
    console.log(formatResult(direct));
    console.log(
      `gateway overhead: latency p50 x${(throughGateway.p50 / direct.p50).toFixed(2)}, p99 x${(throughGateway.p99 / direct.p99).toFixed(2)}; ` +
        `throughput x${(throughGateway.perSecond / direct.perSecond).toFixed(2)}`,
    );
  }
} finally {
  await platform.stop();
}
