/**
 * `tsx serve-subgraphs.ts`: serves the four benchmark subgraphs on consecutive ports from
 * BENCH_SUBGRAPH_PORT (users, reviews, products, inventory); prints "ready" once all listen.
 */
import { startBenchSubgraphs } from '#gateway/testing/benchmark-subgraphs/servers.ts';

await startBenchSubgraphs(Number(process.env.BENCH_SUBGRAPH_PORT ?? 4301));
console.log('ready');
