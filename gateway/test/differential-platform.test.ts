/**
 * Same answers on DoctorPy itself: every read operation the tests and the demo loader send
 * (gateway/testing/operation-corpus.ts) goes, as an anonymous visitor, a learner and the admin,
 * to the gateway as it runs and to the same gateway calling subgraphs through @apollo/gateway's
 * RemoteGraphQLDataSource (gateway/testing/reference-source.ts), over the same subgraphs with the
 * demo content. Responses must be identical as key-sorted JSON, errors included. Then two viewers
 * ask the same question at once: in-flight sharing of subgraph calls never hands one viewer's
 * answer to the other.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createGateway, type GatewayServer } from '#gateway/src/app.ts';
import { readOperationCorpus, variablesFor, type CorpusOperation } from '#gateway/testing/operation-corpus.ts';
import { adminEnv, signIn, testAdmin } from '#gateway/testing/operations.ts';
import { ReferenceSubgraphSource } from '#gateway/testing/reference-source.ts';
import { startTestStack, type TestStack } from '#gateway/testing/stack.ts';
import { composeSupergraphCached } from '#platform/composition.ts';
import { catalogEntry, readCatalog, repoRoot } from '#platform/catalog.ts';
import { gatewaySecret } from '#platform/graphql/gateway-signature.ts';
import { resolve } from 'node:path';
import { seedDemoContent } from '../../scripts/demo-content/seed.ts';

let platform: TestStack;
let reference: GatewayServer;
let referenceUrl: string;
const viewers: Record<string, string | undefined> = { anonymous: undefined };
const known: Record<string, unknown> = { first: 5 };
let corpus: CorpusOperation[] = [];

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

async function ask(url: string, query: string, variables: Record<string, unknown>, token: string | undefined, requestId: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': requestId,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  // Parallel subgraph fetches finish in any order, in either gateway: errors compare as a set.
  if (body.errors)
    body.errors = body.errors
      .map((error) => JSON.stringify(sortedJson(error)))
      .sort()
      .map((error) => JSON.parse(error));
  return sortedJson({ status: response.status, body });
}

beforeAll(async () => {
  const admin = testAdmin();
  platform = await startTestStack({ env: { ...adminEnv(admin), RATE_LIMIT_PER_MINUTE: '0' } });
  await seedDemoContent(platform.url, { admin });
  viewers.admin = await signIn(platform, admin.email, admin.password);
  const learner = await platform.signUp('STUDENT', 'Differential Learner');
  viewers.learner = learner.accessToken;

  const { courses } = await platform.data<{
    courses: {
      edges: Array<{
        node: { id: string; slug: string; modules: Array<{ lessons: Array<{ id: string }> }>; quizzes: Array<{ id: string }> };
      }>;
    };
  }>(`{ courses(first: 3) { edges { node { id slug modules { lessons { id } } quizzes { id } } } } }`);
  const course = courses.edges[0]!.node;
  const { quests } = await platform.data<{ quests: { edges: Array<{ node: { id: string } }> } }>(
    `{ quests(first: 1) { edges { node { id } } } }`,
  );
  Object.assign(known, {
    id: course.id,
    courseId: course.id,
    slug: course.slug,
    lessonId: course.modules[0]!.lessons[0]!.id,
    quizId: course.quizzes[0]?.id,
    questId: quests.edges[0]!.node.id,
    userId: learner.id,
  });
  await platform.data(
    `mutation E($courseId: ID!) { enroll(courseId: $courseId) { id } }`,
    { courseId: course.id },
    learner.accessToken,
  );

  const names = readCatalog().map((entry) => entry.name);
  const sdl = composeSupergraphCached(
    names.map((name) => ({ name, url: catalogEntry(name).routingUrl, schemaFile: catalogEntry(name).schemaFile })),
    resolve(repoRoot, 'node_modules', '.cache', 'doctorpy-supergraph'),
  );
  const { runtime } = platform;
  reference = await createGateway(runtime, {
    supergraph: { sdl },
    subgraphUrls: platform.stack.subgraphUrls,
    jwksUrl: new URL('/.well-known/jwks.json', platform.stack.subgraphUrls.accounts).toString(),
    dataSource: (name, url) =>
      new ReferenceSubgraphSource(name, url, runtime.env.SUBGRAPH_TIMEOUT_MS, runtime.logger, gatewaySecret(runtime)),
  });
  referenceUrl = await reference.listen(0, '127.0.0.1');
  corpus = readOperationCorpus(platform.stack.gateway.gateway.schema!);
}, 240_000);

afterAll(async () => {
  await reference?.close();
  await platform?.close();
});

it('finds the read operations of the tests and the demo loader', () => {
  expect(corpus.length).toBeGreaterThan(50);
});

it('answers every read operation of the corpus as the reference gateway does, for every kind of viewer', async () => {
  const differences: string[] = [];
  let compared = 0;
  for (const operation of corpus) {
    const variables = variablesFor(operation.document, platform.stack.gateway.gateway.schema!, known);
    if (!variables) continue;
    for (const [viewer, token] of Object.entries(viewers)) {
      // Background work (event consumers, the clock) may change an answer between the two calls:
      // only a difference that stays on a second try counts.
      let same = false;
      for (let attempt = 0; attempt < 2 && !same; attempt++) {
        const requestId = `differential-${compared}-${attempt}`;
        const [expected, actual] = await Promise.all([
          ask(referenceUrl, operation.query, variables, token, requestId),
          ask(platform.url, operation.query, variables, token, requestId),
        ]);
        same = JSON.stringify(expected) === JSON.stringify(actual);
        if (!same && attempt === 1)
          differences.push(
            `${operation.source} as ${viewer}:\n${operation.query}\n${JSON.stringify(expected)}\n${JSON.stringify(actual)}`,
          );
      }
      compared++;
    }
  }
  expect(differences).toEqual([]);
  expect(compared).toBeGreaterThan(150);
}, 300_000);

it('never answers one viewer with a subgraph call made for another, even when both ask at once', async () => {
  const query = `{ me { id displayName enrollments { course { id } } } }`;
  const second = await platform.signUp('STUDENT', 'Second Viewer');
  const tokens = [viewers.learner!, second.accessToken];
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) => platform.data<{ me: { id: string } }>(query, {}, tokens[i % 2])),
  );
  answers.forEach((answer, i) => expect(answer.me.id).toBe(i % 2 ? second.id : known.userId));
});
