/**
 * Same answers: the gateway's own subgraph calls (pooled HTTP client, in-flight sharing) must not
 * change a single byte of what clients receive. Over the benchmark's four subgraphs, a corpus of
 * operations (the benchmark query, fragments, aliases, variables, @include/@skip, abstract types,
 * subgraph errors, null propagation, a stopped subgraph) goes to three gateways:
 * - bare @apollo/gateway with its default options (stack traces off, as in production);
 * - DoctorPy's gateway calling subgraphs through @apollo/gateway's RemoteGraphQLDataSource
 *   (gateway/testing/reference-source.ts): the reference for everything DoctorPy formats itself
 *   (error codes, masking);
 * - DoctorPy's gateway as it runs.
 * Responses are compared as key-sorted JSON, errors included.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeServices } from '@apollo/composition';
import { createGateway, type GatewayServer } from '#gateway/src/app.ts';
import { ReferenceSubgraphSource } from '#gateway/testing/reference-source.ts';
import { startBenchSubgraphs, type BenchSubgraphServers } from '#gateway/testing/benchmark-subgraphs/servers.ts';
import { BENCH_QUERY, benchSubgraphs } from '#gateway/testing/benchmark-subgraphs/subgraphs.ts';
import { gatewaySecret } from '#platform/graphql/gateway-signature.ts';
import { createRuntime, type Runtime } from '#platform/runtime.ts';
import { testEnv } from '#platform/testing/test-env.ts';

type Operation = { name: string; query: string; variables?: Record<string, unknown> };

const CORPUS: Operation[] = [
  { name: 'the benchmark query', query: BENCH_QUERY },
  {
    name: 'aliases and named fragments',
    query: `{ a: users { id n: name } b: topProducts(first: 2) { code: upc ...P } c: topProducts(first: 1) { ...P reviews { id } } }
      fragment P on Product { name inStock shippingEstimate }`,
  },
  ...[
    { withReviews: true, skipPrice: false, first: 3 },
    { withReviews: false, skipPrice: true, first: 1 },
  ].map((variables) => ({
    name: `variables with @include/@skip ${JSON.stringify(variables)}`,
    query: `query Conditional($withReviews: Boolean!, $skipPrice: Boolean!, $first: Int) {
      topProducts(first: $first) { upc price @skip(if: $skipPrice) reviews @include(if: $withReviews) { body author { username } } } }`,
    variables,
  })),
  {
    name: 'abstract types: an interface and a union',
    query: `{ accounts { __typename id name ... on User { username reviews { id } } ... on Team { members { id username } } }
      search(term: "learner 1") { __typename ... on User { id name } ... on Team { id members { name } } } }`,
  },
  {
    name: 'inline fragments through entities',
    query: `{ me { ... on User { id reviews { product { ... on Product { name inStock } } } } } }`,
  },
  { name: 'a subgraph error on a nullable field', query: `{ me { id secret } users { id secret } }` },
  { name: 'a non-null field failing in the root subgraph', query: `{ topProducts(first: 2) { upc discontinuedSince } }` },
  {
    name: 'a non-null field failing in an entity fetch',
    query: `{ users { id reviews { product { name discontinuedSince } } } }`,
  },
  { name: 'missing entities', query: `{ user(id: "999") { id name } product(upc: "nope") { name } }` },
  {
    name: '__typename everywhere',
    query: `{ __typename users { __typename id reviews { __typename product { __typename upc } } } }`,
  },
  { name: 'a validation error', query: `{ users { id nope } }` },
  { name: 'a missing variable', query: `query One($id: ID!) { user(id: $id) { id } }` },
];

const sortedJson = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sortedJson)
    : value && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((key) => [key, sortedJson((value as Record<string, unknown>)[key])]),
        )
      : value;

/** `requestId`: the same on both sides of a comparison, since error extensions carry it. */
async function ask(url: string, operation: Operation, requestId: string = randomUUID()): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({ query: operation.query, variables: operation.variables }),
  });
  return sortedJson({ status: response.status, body: await response.json() });
}

let subgraphs: BenchSubgraphServers;
let runtime: Runtime;
let bareServer: ApolloServer;
let bareUrl: string;
let reference: GatewayServer;
let referenceUrl: string;
let ours: GatewayServer;
let oursUrl: string;

beforeAll(async () => {
  subgraphs = await startBenchSubgraphs(0);
  const composed = composeServices(
    benchSubgraphs.map((subgraph) => ({ name: subgraph.name, typeDefs: subgraph.typeDefs, url: subgraphs.urls[subgraph.name]! })),
  );
  if (composed.errors) throw new Error(composed.errors.map((error) => error.message).join('; '));
  const supergraphSdl = composed.supergraphSdl;

  bareServer = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }), includeStacktraceInErrorResponses: false });
  ({ url: bareUrl } = await startStandaloneServer(bareServer, { listen: { port: 0, host: '127.0.0.1' } }));

  runtime = createRuntime(testEnv({ RATE_LIMIT_PER_MINUTE: '0' }), 'differential');
  const gatewayOptions = {
    supergraph: { sdl: supergraphSdl },
    subgraphUrls: subgraphs.urls,
    jwksUrl: 'http://127.0.0.1:9/jwks.json',
  };
  reference = await createGateway(runtime, {
    ...gatewayOptions,
    dataSource: (name, url) =>
      new ReferenceSubgraphSource(name, url, runtime.env.SUBGRAPH_TIMEOUT_MS, runtime.logger, gatewaySecret(runtime)),
  });
  referenceUrl = `${await reference.listen(0, '127.0.0.1')}`;
  ours = await createGateway(runtime, gatewayOptions);
  oursUrl = `${await ours.listen(0, '127.0.0.1')}`;
});

afterAll(async () => {
  await ours?.close();
  await reference?.close();
  await bareServer?.stop();
  await runtime?.close();
  await subgraphs?.close();
});

describe.each(CORPUS)('$name', (operation) => {
  it('answers as the reference gateway does', async () => {
    const requestId = randomUUID();
    const [expected, actual] = await Promise.all([ask(referenceUrl, operation, requestId), ask(oursUrl, operation, requestId)]);
    expect(actual).toEqual(expected);
  });
});

const DATA_ONLY = CORPUS.filter((operation) =>
  [
    'the benchmark query',
    'aliases and named fragments',
    'abstract types: an interface and a union',
    'missing entities',
    '__typename everywhere',
  ].includes(operation.name),
);

describe.each(DATA_ONLY)('$name, without errors', (operation) => {
  it('answers as bare @apollo/gateway does', async () => {
    const [expected, actual] = await Promise.all([ask(bareUrl, operation), ask(oursUrl, operation)]);
    expect(actual).toEqual(expected);
  });
});

it('answers concurrent identical requests from shared subgraph calls, each with an answer of its own', async () => {
  const expected = await ask(referenceUrl, CORPUS[0]!, 'same');
  const before = subgraphs.requests();
  const answers = await Promise.all(Array.from({ length: 20 }, () => ask(oursUrl, CORPUS[0]!, 'same')));
  const calls = subgraphs.requests() - before;
  for (const answer of answers) expect(answer).toEqual(expected);
  // 20 requests of 16 subgraph fetches each, unshared, would make 320 calls.
  expect(calls).toBeLessThan(20 * 16);
});

describe('with the inventory subgraph stopped', () => {
  beforeAll(() => subgraphs.stop('inventory'));

  it.each([
    { name: 'the benchmark query', query: BENCH_QUERY },
    { name: 'top products with stock', query: `{ topProducts { name inStock } users { id } }` },
  ])('answers $name with the same partial data and errors as the reference', async (operation) => {
    const requestId = randomUUID();
    const [expected, actual] = await Promise.all([ask(referenceUrl, operation, requestId), ask(oursUrl, operation, requestId)]);
    expect(actual).toEqual(expected);
    expect(JSON.stringify(actual)).toContain('SUBGRAPH_UNAVAILABLE');
  });
});
