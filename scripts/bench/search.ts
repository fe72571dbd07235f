/**
 * `npm run bench:search`: relevance and latency of `search` and `searchSuggestions` on the demo
 * content (three courses with the French translation of python-basics, fifteen quests), through
 * the gateway of a full-stack platform in its own process (see settings.ts). Each labelled query
 * lists the titles it should find (grade 2: the answer, 1: also relevant); nDCG@10 and recall@10
 * are averaged over the queries; latencies are p50/p95 over BENCH_REPEAT runs of each.
 * The engine is Postgres full text unless ELASTICSEARCH_URL is set in the environment.
 */
import { z } from 'zod';
import { graphqlData } from '#platform/graphql/client.ts';
import { seedDemoContent } from '../demo-content/seed.ts';
import { startBenchPlatform, waitFor } from './load.ts';

const settings = z.object({ BENCH_REPEAT: z.coerce.number().int().min(1).max(200).default(20) }).parse(process.env);
const OFFSET = 9_000;
const gatewayUrl = `http://localhost:${4_000 + OFFSET}/graphql`;

/** query → titles (lower-case substrings) with their grade. */
const LABELLED: Array<[string, Record<string, 2 | 1>]> = [
  ['loops', { 'loops: for and while': 2, comprehensions: 1 }],
  ['for loop', { 'loops: for and while': 2 }],
  ['while', { 'loops: for and while': 2 }],
  ['pyhton basics', { 'python basics': 2 }],
  ['dictionary', { dictionaries: 2, 'dictionaries: keys and values': 2 }],
  ['dictionnary', { dictionaries: 2, 'dictionaries: keys and values': 2 }],
  ['decorator', { decorators: 2 }],
  ['decoratros', { decorators: 2 }],
  ['closures', { 'scope and closures': 2 }],
  ['lambda', { 'lambdas and higher-order functions': 2 }],
  ['kwargs', { '*args and **kwargs': 2 }],
  ['default arguments', { 'default and keyword arguments': 2 }],
  ['tuple unpacking', { 'tuples and unpacking': 2, 'tuples and sets': 1 }],
  ['sets', { sets: 2, 'tuples and sets': 2 }],
  ['list comprehension', { comprehensions: 2 }],
  ['comprehensoin', { comprehensions: 2 }],
  ['strings', { strings: 2, 'strings: text in python': 2 }],
  ['f-string', { strings: 2, 'strings: text in python': 1 }],
  ['if elif else', { 'conditions with if, elif and else': 2, 'conditions: if, elif, else': 2 }],
  ['conditoins', { 'conditions with if, elif and else': 2, 'conditions: if, elif, else': 2 }],
  ['variables', { 'variables and types': 2, 'variables: names for values': 2 }],
  ['floats', { 'numbers and arithmetic': 2 }],
  ['exceptions', { 'exceptions: try, except, finally': 2 }],
  ['classes', { 'classes and objects': 2 }],
  ['first program', { 'running your first program': 2 }],
  ['return value', { 'def, parameters and return': 2, 'functions: def and return': 2 }],
  ['"keyword arguments"', { 'default and keyword arguments': 2 }],
  ['"higher-order functions"', { 'lambdas and higher-order functions': 2 }],
  ['choosing a data structure', { 'picking the right structure': 2, 'python data structures': 1 }],
  ['boucles', { 'les boucles : for et while': 2 }],
  ['chaînes de caractères', { 'les chaînes de caractères': 2 }],
  ['variables et types', { 'variables et types': 2 }],
  ['les conditions', { 'les conditions avec if, elif et else': 2 }],
  ['premier programme', { 'exécuter votre premier programme': 2 }],
];
const PREFIXES = ['py', 'lo', 'dic', 'dec', 'fun', 'str', 'com', 'var', 'bou', 'cla'];

const SEARCH = `query S($q: String!) { search(query: $q, first: 10) { edges { node { title } } } }`;
const SUGGEST = `query S($p: String!) { searchSuggestions(prefix: $p, first: 8) }`;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

function ndcgAt10(titles: string[], labels: Record<string, number>): { ndcg: number; recall: number } {
  // Each labelled title counts once: a lesson and a quest of the same title are one answer.
  const credited = new Set<string>();
  const gains = titles.slice(0, 10).map((title) => {
    const open = Object.keys(labels).filter((label) => !credited.has(label));
    const key = open.find((label) => title.toLowerCase() === label) ?? open.find((label) => title.toLowerCase().includes(label));
    if (!key) return 0;
    credited.add(key);
    return labels[key]!;
  });
  const dcg = gains.reduce((sum, gain, index) => sum + (2 ** gain - 1) / Math.log2(index + 2), 0);
  const ideal = Object.values(labels)
    .sort((a, b) => b - a)
    .slice(0, 10)
    .reduce((sum, gain, index) => sum + (2 ** gain - 1) / Math.log2(index + 2), 0);
  return { ndcg: ideal ? dcg / ideal : 0, recall: credited.size / Object.keys(labels).length };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const platform = await startBenchPlatform(
  OFFSET,
  process.env.ELASTICSEARCH_URL ? { ELASTICSEARCH_URL: process.env.ELASTICSEARCH_URL } : {},
);
try {
  await waitFor(async () => (await fetch(gatewayUrl.replace(/graphql$/, 'health/ready'))).ok, 90_000, 'platform start');
  await seedDemoContent(gatewayUrl);
  await waitFor(
    async () => {
      const data = await graphqlData<{ search: { edges: unknown[] } }>(gatewayUrl, SEARCH, { q: 'boucles' });
      return data.search.edges.length > 0;
    },
    30_000,
    'the demo content indexed',
  );
  const searchTimes: number[] = [];
  let ndcgSum = 0;
  let recallSum = 0;
  for (const [query, labels] of LABELLED) {
    let titles: string[] = [];
    for (let run = 0; run < settings.BENCH_REPEAT; run += 1) {
      const [data, ms] = await timed(() =>
        graphqlData<{ search: { edges: Array<{ node: { title: string } }> } }>(gatewayUrl, SEARCH, { q: query }),
      );
      searchTimes.push(ms);
      titles = data.search.edges.map((edge) => edge.node.title);
    }
    const { ndcg, recall } = ndcgAt10(titles, labels);
    ndcgSum += ndcg;
    recallSum += recall;
    console.log(`${ndcg.toFixed(2)}  ${recall.toFixed(2)}  ${query.padEnd(28)} → ${titles.slice(0, 3).join(' | ')}`);
  }
  // The floor under the same load: a query the gateway answers without any subgraph.
  const floorTimes: number[] = [];
  for (let run = 0; run < settings.BENCH_REPEAT * 5; run += 1)
    floorTimes.push((await timed(() => graphqlData(gatewayUrl, '{ __typename }')))[1]);
  const suggestTimes: number[] = [];
  for (const prefix of PREFIXES)
    for (let run = 0; run < settings.BENCH_REPEAT; run += 1)
      suggestTimes.push((await timed(() => graphqlData(gatewayUrl, SUGGEST, { p: prefix })))[1]);
  console.log(
    `\nbench:search  ${LABELLED.length} labelled queries  nDCG@10 ${(ndcgSum / LABELLED.length).toFixed(3)}  recall@10 ${(recallSum / LABELLED.length).toFixed(3)}` +
      `\n  search             p50 ${percentile(searchTimes, 50).toFixed(1)} ms  p95 ${percentile(searchTimes, 95).toFixed(1)} ms  (${searchTimes.length} requests, through the gateway)` +
      `\n  searchSuggestions  p50 ${percentile(suggestTimes, 50).toFixed(1)} ms  p95 ${percentile(suggestTimes, 95).toFixed(1)} ms  (${suggestTimes.length} requests)` +
      `\n  { __typename }     p50 ${percentile(floorTimes, 50).toFixed(1)} ms  p95 ${percentile(floorTimes, 95).toFixed(1)} ms  (the gateway alone, same load)`,
  );
} finally {
  await platform.stop();
}
