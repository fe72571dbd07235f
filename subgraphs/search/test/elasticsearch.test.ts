/**
 * The Elasticsearch engine at its HTTP boundary (no Elasticsearch runs here): search started with
 * ELASTICSEARCH_URL pointing at a local server that speaks the endpoints it uses. The requests are
 * asserted (index mappings and analyzers, bulk lines, the query with fuzziness, boosts, phrases,
 * visibility filter, highlights and aggregations, quizzes and webinars mirrored and a cancelled
 * webinar deleted, the atomic alias switch of a reindex) and the answers go back through the
 * gateway as the same GraphQL contract.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { eventually, startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import { createEnvelope } from '#platform/events/envelope.ts';
import type { SearchServices } from '../src/services/index.ts';
import { startFakeElasticsearch, type FakeElasticsearch } from './elasticsearch-server.ts';

let elastic: FakeElasticsearch;
let platform: TestStack;
let nadia: TestUser;
let courseId: string;
const ALIAS = 'doctorpy-search-test';
const TOPIC = unique('Iterators')
  .replace(/[^A-Za-z]/g, '')
  .toLowerCase();

beforeAll(async () => {
  elastic = await startFakeElasticsearch();
  platform = await startTestStack({
    subgraphs: ['accounts', 'courses', 'search'],
    env: { ELASTICSEARCH_URL: elastic.url, ELASTICSEARCH_INDEX: ALIAS },
  });
  nadia = await platform.signUp('INSTRUCTOR', 'Nadia Elastic');
  const { createCourse } = await platform.data<{ createCourse: { id: string } }>(
    `mutation C($input: CreateCourseInput!) { createCourse(input: $input) { id } }`,
    { input: { title: `Python ${TOPIC}`, description: 'Iterate with iterators.', level: 'INTERMEDIATE', tags: ['python'] } },
    nadia.accessToken,
  );
  courseId = createCourse.id;
  const { addModule } = await platform.data<{ addModule: { id: string } }>(
    `mutation M($id: ID!) { addModule(courseId: $id, input: { title: "One" }) { id } }`,
    { id: courseId },
    nadia.accessToken,
  );
  await platform.data(
    `mutation L($id: ID!) { addLesson(moduleId: $id, input: { title: "Iterators", content: "Use \`iter()\` and \`next()\`.", durationMinutes: 5 }) { id } }`,
    { id: addModule.id },
    nadia.accessToken,
  );
  await platform.data(`mutation P($id: ID!) { publishCourse(id: $id) { id } }`, { id: courseId }, nadia.accessToken);
  await eventually(
    async () =>
      [...(elastic.indexes.values().next().value?.values() ?? [])].some(
        (doc) => doc.visibility === 'PUBLIC' && doc.type === 'COURSE',
      )
        ? true
        : undefined,
    10_000,
    'the published course in the index',
  );
}, 60_000);
afterAll(async () => {
  await platform?.close();
  await elastic?.close();
});

it('creates the first index behind the alias, with English and French analyzers', () => {
  const create = elastic.requests.find((request) => request.method === 'PUT');
  expect(create?.path).toMatch(new RegExp(`^/${ALIAS}-\\d+`));
  const body = create!.body as {
    settings: { analysis: { analyzer: Record<string, { filter: string[] }> } };
    mappings: { properties: Record<string, unknown> };
  };
  expect(body.settings.analysis.analyzer.doctorpy_english!.filter).toContain('english_stemmer');
  expect(body.settings.analysis.analyzer.doctorpy_french!.filter).toEqual([
    'french_elision',
    'lowercase',
    'asciifolding',
    'french_stop',
    'french_stemmer',
  ]);
  expect(body.mappings.properties.title).toMatchObject({
    fields: {
      en: { analyzer: 'doctorpy_english' },
      fr: { analyzer: 'doctorpy_french' },
      suggest: { type: 'search_as_you_type' },
    },
  });
  const alias = elastic.requests.find((request) => request.path === '/_aliases');
  expect(alias?.body).toEqual({ actions: [{ add: { index: create!.path.slice(1), alias: ALIAS, is_write_index: true } }] });
});

it('mirrors documents with bulk requests after each event', () => {
  const bulks = elastic.requests.filter((request) => request.path.startsWith('/_bulk'));
  expect(bulks.length).toBeGreaterThan(0);
  expect(bulks.every((request) => request.path.includes('refresh=wait_for'))).toBe(true);
  const lines = bulks.flatMap((request) => request.body as Array<Record<string, unknown>>);
  expect(lines).toContainEqual({ index: { _index: ALIAS, _id: `COURSE:${courseId}:en` } });
  expect(lines).toContainEqual(
    expect.objectContaining({
      id: `COURSE:${courseId}:en`,
      entityKey: `COURSE:${courseId}`,
      visibility: 'PUBLIC',
      level: 'INTERMEDIATE',
      ownerId: nadia.id,
    }),
  );
});

it('sends fuzzy, boosted, phrase and filtered queries, and maps the answer to the GraphQL contract', async () => {
  const before = elastic.requests.length;
  const { search } = await platform.data<{
    search: {
      totalCount: number;
      facets: { types: unknown[]; levels: unknown[] };
      edges: Array<{ node: { type: string; title: string; highlights: string[]; course: { id: string } | null } }>;
    };
  }>(
    `query S($q: String!) { search(query: $q, filters: { level: INTERMEDIATE }) { totalCount facets { types { value count } levels { value count } }
      edges { node { type title highlights course { id } } } } }`,
    { q: `${TOPIC} "use iter" -java` },
  );
  const request = elastic.requests.slice(before).find((entry) => entry.path.endsWith('/_search'))!;
  expect(request.path).toBe(`/${ALIAS}/_search`);
  expect(request.body).toMatchObject({
    from: 0,
    size: 10,
    track_total_hits: true,
    collapse: { field: 'entityKey' },
    query: {
      bool: {
        must: [
          {
            multi_match: {
              query: TOPIC,
              fields: ['title.en^3', 'body.en', 'title.fr^3', 'body.fr'],
              fuzziness: 'AUTO',
              prefix_length: 1,
              operator: 'and',
            },
          },
          { multi_match: { query: 'use iter', type: 'phrase' } },
        ],
        must_not: [{ multi_match: { query: 'java' } }],
        filter: [
          { bool: { should: [{ term: { visibility: 'PUBLIC' } }], minimum_should_match: 1 } },
          { term: { level: 'INTERMEDIATE' } },
        ],
      },
    },
    highlight: { encoder: 'html', pre_tags: ['<mark>'], post_tags: ['</mark>'] },
    aggs: { types: { terms: { field: 'type' } }, tags: { terms: { field: 'tags', size: 20 } } },
  });
  // The course, and its instructor (who now has a published course).
  expect(search.totalCount).toBe(2);
  expect(search.edges.find((edge) => edge.node.type === 'COURSE')?.node).toEqual({
    type: 'COURSE',
    title: `Python ${TOPIC}`,
    highlights: [`Python <mark>${TOPIC}</mark>`],
    course: { id: courseId },
  });
  expect(search.facets.types).toEqual(
    expect.arrayContaining([
      { value: 'COURSE', count: 1 },
      { value: 'INSTRUCTOR', count: 1 },
    ]),
  );
});

it('lets the owner see their drafts: the visibility filter names them', async () => {
  const before = elastic.requests.length;
  await platform.data(`query { search(query: "anything") { totalCount } }`, {}, nadia.accessToken);
  const request = elastic.requests.slice(before).find((entry) => entry.path.endsWith('/_search'))!;
  expect((request.body as { query: { bool: { filter: unknown[] } } }).query.bool.filter[0]).toEqual({
    bool: { should: [{ term: { visibility: 'PUBLIC' } }, { term: { ownerId: nadia.id } }], minimum_should_match: 1 },
  });
});

it('mirrors quizzes and webinars, and deletes a cancelled webinar from the index', async () => {
  // quizzes and webinars are not in this stack: their events go straight onto the stream.
  const word = unique('Live')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
  const quizId = randomUUID();
  const webinar = {
    webinarId: randomUUID(),
    hostId: nadia.id,
    courseId: null,
    title: `Office hours ${word}`,
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    durationMinutes: 45,
  };
  const bus = platform.runtime.eventBus();
  await bus.publish(
    createEnvelope('QUIZ_PUBLISHED', { quizId, courseId, lessonId: null, title: `Quiz ${word}`, required: true }, 'quizzes'),
  );
  await bus.publish(createEnvelope('WEBINAR_SCHEDULED', webinar, 'webinars'));
  const indexed = () => elastic.indexes.get(elastic.aliases.get(ALIAS)!)!;
  await eventually(async () => (indexed().has(`WEBINAR:${webinar.webinarId}:en`) ? true : undefined), 10_000, 'the webinar');
  await eventually(async () => (indexed().has(`QUIZ:${quizId}:en`) ? true : undefined), 10_000, 'the quiz');
  // The quiz takes its (published) course's visibility, owner and facets; a webinar without a course is public.
  expect(indexed().get(`QUIZ:${quizId}:en`)).toMatchObject({
    type: 'QUIZ',
    entityKey: `QUIZ:${quizId}`,
    courseId,
    ownerId: nadia.id,
    visibility: 'PUBLIC',
    level: 'INTERMEDIATE',
    tags: ['python'],
  });
  expect(indexed().get(`WEBINAR:${webinar.webinarId}:en`)).toMatchObject({
    type: 'WEBINAR',
    courseId: null,
    ownerId: nadia.id,
    visibility: 'PUBLIC',
  });

  const QUERY = `query S($q: String!) { search(query: $q, types: [QUIZ, WEBINAR]) { totalCount facets { types { value count } }
    edges { node { type title quiz { id } webinar { id } course { id } } } } }`;
  const before = elastic.requests.length;
  const { search } = await platform.data<{
    search: { totalCount: number; facets: { types: unknown[] }; edges: Array<{ node: Record<string, unknown> }> };
  }>(QUERY, { q: word });
  const request = elastic.requests.slice(before).find((entry) => entry.path.endsWith('/_search'))!;
  expect((request.body as { query: { bool: { filter: unknown[] } } }).query.bool.filter).toContainEqual({
    terms: { type: ['QUIZ', 'WEBINAR'] },
  });
  expect(search.totalCount).toBe(2);
  expect(search.facets.types).toEqual(
    expect.arrayContaining([
      { value: 'QUIZ', count: 1 },
      { value: 'WEBINAR', count: 1 },
    ]),
  );
  expect(search.edges.map((edge) => edge.node)).toEqual(
    expect.arrayContaining([
      { type: 'QUIZ', title: `Quiz ${word}`, quiz: { id: quizId }, webinar: null, course: { id: courseId } },
      { type: 'WEBINAR', title: `Office hours ${word}`, quiz: null, webinar: { id: webinar.webinarId }, course: null },
    ]),
  );

  const cancelled = elastic.requests.length;
  await bus.publish(
    createEnvelope('WEBINAR_STATUS_CHANGED', { ...webinar, status: 'CANCELLED', recordingUrl: null }, 'webinars'),
  );
  await eventually(async () => (indexed().has(`WEBINAR:${webinar.webinarId}:en`) ? undefined : true), 10_000, 'deleted');
  const bulk = elastic.requests.slice(cancelled).find((entry) => entry.path.startsWith('/_bulk'))!;
  expect(bulk.path).toContain('refresh=wait_for');
  expect(bulk.body).toEqual([{ delete: { _index: ALIAS, _id: `WEBINAR:${webinar.webinarId}:en` } }]);
  expect((await platform.data<{ search: { totalCount: number } }>(QUERY, { q: word })).search.totalCount).toBe(1);
});

it('reindexes into a new index and switches the alias in one atomic call', async () => {
  const services = platform.stack.subgraphs.get('search')!.services as SearchServices;
  const old = elastic.aliases.get(ALIAS)!;
  const before = elastic.requests.length;
  const { documents, index } = await services.engine.reindex();
  const calls = elastic.requests.slice(before);
  expect(calls.map((call) => `${call.method} ${call.path.split('?')[0]}`)).toEqual([
    `PUT /${index}`,
    'POST /_bulk',
    `GET /${index}/_refresh`,
    `HEAD /_alias/${ALIAS}`,
    `GET /_alias/${ALIAS}`,
    'POST /_aliases',
    `DELETE /${old}`,
  ]);
  expect(calls[5]!.body).toEqual({
    actions: [{ remove: { index: old, alias: ALIAS } }, { add: { index, alias: ALIAS, is_write_index: true } }],
  });
  expect((calls[1]!.body as unknown[]).length).toBe(documents * 2);
  expect(elastic.aliases.get(ALIAS)).toBe(index);
  // Queries go on through the alias.
  const { search } = await platform.data<{ search: { totalCount: number } }>(
    `query S($q: String!) { search(query: $q) { totalCount } }`,
    { q: TOPIC },
  );
  expect(search.totalCount).toBe(2);
});
