/**
 * search through the gateway on its default engine (Postgres full text): content published through
 * courses, quizzes, quests and i18n, and webinars' events (published here onto the stream: the
 * webinars subgraph is not part of this stack), is found by type, in English and French, despite
 * typos, with phrases and facets; drafts only by their owners (a quiz or a webinar as its course);
 * an unpublished course disappears within a second with its lessons, quizzes and webinars; a
 * cancelled webinar for good; a reindex while querying; hostile input; a restart.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { adminEnv, errorCode, signIn, testAdmin } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import { subgraphDatabaseUrl } from '#platform/db/postgres-server.ts';
import { createEnvelope, type EventEnvelope } from '#platform/events/envelope.ts';
import type { EventPayload } from '#platform/events/catalog.ts';
import type { SearchServices } from '../src/services/index.ts';

const SUBGRAPHS = ['accounts', 'profiles', 'courses', 'quizzes', 'quests', 'i18n', 'search'];
const admin = testAdmin();
/** Words no other test writes: lower-case letters only, one token for every analyzer. */
const word = () => `zq${Array.from({ length: 7 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;
const TOPIC = word();
const DRAFT = word();
const TITLE_WORD = word();
const TAG = `tag-${word()}`;
/** The word of the quizzes' and webinars' titles (kept apart from TOPIC, whose counts other tests assert). */
const LIVE = word();

const SEARCH = `query S($query: String!, $types: [SearchType!], $filters: SearchFilters, $first: Int, $after: String) {
  search(query: $query, types: $types, filters: $filters, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    facets { types { value count } levels { value count } tags { value count } }
    edges { cursor node { type score title snippet highlights language
      course { id title } lesson { id title } quest { id title } quiz { id title } webinar { id } instructor { id displayName } } }
  }
}`;

interface Hit {
  type: string;
  score: number;
  title: string;
  snippet: string;
  highlights: string[];
  language: string;
  course: { id: string; title: string } | null;
  lesson: { id: string; title: string } | null;
  quest: { id: string; title: string } | null;
  quiz: { id: string; title: string } | null;
  webinar: { id: string } | null;
  instructor: { id: string; displayName: string } | null;
}
interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  facets: Record<'types' | 'levels' | 'tags', Array<{ value: string; count: number }>>;
  edges: Array<{ cursor: string; node: Hit }>;
}

let platform: TestStack;
let adminToken: string;
let nadia: TestUser;
let tom: TestUser;
let learner: TestUser;
const course = { id: '', lessons: [] as string[], quest: '', draft: '' };

const search = async (variables: Record<string, unknown>, token?: string) =>
  (await platform.data<{ search: Page }>(SEARCH, variables, token)).search;
const until = <T>(check: () => Promise<T | undefined>, what: string, ms = 10_000) => eventually(check, ms, what);
const count = async (variables: Record<string, unknown>, token?: string) => (await search(variables, token)).totalCount;

/** A quiz written and published through quizzes (once quizzes knows the course from its events). */
async function publishedQuiz(owner: TestUser, courseId: string, title: string): Promise<string> {
  const { createQuiz } = await until(
    async () =>
      (
        await platform.gql<{ createQuiz: { id: string } }>(
          `mutation Q($input: CreateQuizInput!) { createQuiz(input: $input) { id } }`,
          { input: { courseId, title } },
          owner.accessToken,
        )
      ).data ?? undefined,
    'quizzes knows the course',
  );
  await platform.data(
    `mutation A($id: ID!) { addQuestion(quizId: $id, input: { kind: TRUE_FALSE, prompt: "A loop repeats.", acceptedAnswers: ["true"] }) { id } }`,
    { id: createQuiz.id },
    owner.accessToken,
  );
  await platform.data(`mutation P($id: ID!) { publishQuiz(id: $id) { id } }`, { id: createQuiz.id }, owner.accessToken);
  return createQuiz.id;
}

type WebinarEvent = 'WEBINAR_SCHEDULED' | 'WEBINAR_STATUS_CHANGED';
/** webinars' events as its subgraph will publish them (the subgraph is not in this stack). */
async function webinarEvent<N extends WebinarEvent>(name: N, payload: EventPayload<N>): Promise<EventEnvelope<N>> {
  const envelope = createEnvelope(name, payload, 'webinars');
  await platform.runtime.eventBus().publish(envelope);
  return envelope;
}
const webinar = (hostId: string, courseId: string | null, title: string) => ({
  webinarId: randomUUID(),
  hostId,
  courseId,
  title,
  startsAt: new Date(Date.now() + 86_400_000).toISOString(),
  durationMinutes: 60,
});

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: SUBGRAPHS, env: adminEnv(admin) });
  adminToken = await signIn(platform, admin.email, admin.password);
  nadia = await platform.signUp('INSTRUCTOR', 'Nadia Search');
  tom = await platform.signUp('INSTRUCTOR', 'Tom Search');
  learner = await platform.signUp('STUDENT', 'Lea Search');
  const token = nadia.accessToken;
  const { createCourse } = await platform.data<{ createCourse: { id: string } }>(
    `mutation C($input: CreateCourseInput!) { createCourse(input: $input) { id } }`,
    {
      input: {
        title: `Python loops ${TOPIC}`,
        description: `Repeat work in Python with loops (${TOPIC}): iteration made simple.`,
        level: 'BEGINNER',
        tags: ['python', TAG],
      },
    },
    token,
  );
  course.id = createCourse.id;
  const { addModule } = await platform.data<{ addModule: { id: string } }>(
    `mutation M($id: ID!) { addModule(courseId: $id, input: { title: "Loops" }) { id } }`,
    { id: course.id },
    token,
  );
  for (const lesson of [
    { title: `For loops and ${TITLE_WORD}`, content: `# For\n\nUse a for loop with \`range()\` to repeat work (${TOPIC}).` },
    {
      title: 'While loops',
      content: `A loop that runs while a condition holds; for ${TITLE_WORD} see the other lesson (${TOPIC}).`,
    },
  ]) {
    const { addLesson } = await platform.data<{ addLesson: { id: string } }>(
      `mutation L($id: ID!, $input: AddLessonInput!) { addLesson(moduleId: $id, input: $input) { id } }`,
      { id: addModule.id, input: { ...lesson, durationMinutes: 5 } },
      token,
    );
    course.lessons.push(addLesson.id);
  }
  await platform.data(`mutation P($id: ID!) { publishCourse(id: $id) { id } }`, { id: course.id }, token);
  const { createQuest } = await platform.data<{ createQuest: { id: string } }>(
    `mutation Q($input: CreateQuestInput!) { createQuest(input: $input) { id } }`,
    {
      input: {
        slug: `loops_${TOPIC}`,
        title: `Loop quest ${TOPIC}`,
        description: 'Practise for loops.',
        category: 'Loops',
        difficulty: 'BEGINNER',
        xpReward: 10,
        courseId: course.id,
        steps: [{ prompt: 'What does range(3) give?', kind: 'TEXT', acceptedAnswers: ['0, 1, 2'] }],
      },
    },
    token,
  );
  course.quest = createQuest.id;
  const draft = await platform.data<{ createCourse: { id: string } }>(
    `mutation C($input: CreateCourseInput!) { createCourse(input: $input) { id } }`,
    { input: { title: `Decorators ${DRAFT}`, description: 'Not ready yet.', level: 'ADVANCED', tags: ['python'] } },
    token,
  );
  course.draft = draft.createCourse.id;
  await until(async () => {
    const result = await platform.gql(
      `mutation T($id: ID!, $input: CourseTranslationInput!) { translateCourse(courseId: $id, locale: "fr", input: $input) { locale } }`,
      {
        id: course.id,
        input: { title: `Les boucles en Python ${TOPIC}`, description: 'Répéter des instructions avec des boucles.' },
      },
      token,
    );
    return result.data ? true : undefined;
  }, 'the translation');
  // Everything indexed: 1 course, 2 lessons, 1 quest, the instructor.
  await until(async () => ((await search({ query: TOPIC, first: 50 })).totalCount === 5 ? true : undefined), 'the index');
}, 120_000);
afterAll(() => platform?.close());

describe('finding content', () => {
  it('finds each type, with federated references, and facets that add up', async () => {
    const page = await search({ query: TOPIC, first: 50 });
    const byType = new Map(page.edges.map((edge) => [edge.node.type, edge.node]));
    expect([...byType.keys()].sort()).toEqual(['COURSE', 'INSTRUCTOR', 'LESSON', 'QUEST']);
    expect(byType.get('COURSE')).toMatchObject({
      course: { id: course.id },
      instructor: { id: nadia.id, displayName: 'Nadia Search' },
    });
    expect(byType.get('LESSON')?.course?.id).toBe(course.id);
    expect(course.lessons).toContain(byType.get('LESSON')?.lesson?.id);
    expect(byType.get('QUEST')).toMatchObject({ quest: { id: course.quest, title: `Loop quest ${TOPIC}` } });
    expect(byType.get('INSTRUCTOR')).toMatchObject({ instructor: { id: nadia.id } });
    expect(page.facets.types.reduce((sum, facet) => sum + facet.count, 0)).toBe(page.totalCount);
    expect(page.facets.types).toEqual(
      expect.arrayContaining([
        { value: 'LESSON', count: 2 },
        { value: 'COURSE', count: 1 },
      ]),
    );
    expect(page.facets.levels).toEqual([{ value: 'BEGINNER', count: 4 }]);
    expect(page.facets.tags).toEqual(expect.arrayContaining([{ value: TAG, count: 4 }]));
    for (const edge of page.edges) expect(edge.node.snippet + edge.node.highlights.join('')).toContain(`<mark>`);
  });

  it('filters by type, level, tag, language and course, and pages with cursors', async () => {
    expect((await search({ query: TOPIC, types: ['LESSON', 'QUEST'] })).totalCount).toBe(3);
    expect((await search({ query: TOPIC, filters: { level: 'ADVANCED' } })).totalCount).toBe(0);
    expect((await search({ query: TOPIC, filters: { tags: [TAG.toUpperCase()] } })).totalCount).toBe(4);
    expect((await search({ query: TOPIC, filters: { courseId: course.id } })).totalCount).toBe(4);
    const first = await search({ query: TOPIC, first: 2 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await search({ query: TOPIC, first: 10, after: first.pageInfo.endCursor });
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const seen = [...first.edges, ...rest.edges].map((edge) => `${edge.node.type}:${edge.node.title}`);
    expect(new Set(seen).size).toBe(5);
  });

  it('forgives typos', async () => {
    const typo = `${TOPIC.slice(0, 3)}${TOPIC[4]}${TOPIC[3]}${TOPIC.slice(5)}`;
    const page = await until(async () => {
      const result = await search({ query: `pyhton ${typo}`, types: ['COURSE'] });
      return result.totalCount ? result : undefined;
    }, 'the typo corrected');
    expect(page.edges[0]?.node.course?.id).toBe(course.id);
  });

  it('finds French translations with French stemming', async () => {
    const page = await search({ query: `boucle ${TOPIC}`, filters: { language: 'fr' } });
    expect(page.edges.map((edge) => [edge.node.type, edge.node.language, edge.node.course?.id])).toEqual([
      ['COURSE', 'fr', course.id],
    ]);
    expect(page.edges[0]?.node.highlights[0]).toBe(`Les <mark>boucles</mark> en Python <mark>${TOPIC}</mark>`);
  });

  it('ranks title matches above body matches, and honours quoted phrases', async () => {
    const page = await search({ query: TITLE_WORD, types: ['LESSON'] });
    expect(page.edges.map((edge) => edge.node.title)).toEqual([`For loops and ${TITLE_WORD}`, 'While loops']);
    const words = await search({ query: `work repeat ${TOPIC}`, types: ['LESSON'] });
    expect(words.edges.map((edge) => edge.node.title)).toEqual([`For loops and ${TITLE_WORD}`]);
    const phrase = await search({ query: `"repeat work" ${TOPIC}`, types: ['LESSON'] });
    expect(phrase.edges.map((edge) => edge.node.title)).toEqual([`For loops and ${TITLE_WORD}`]);
    expect((await search({ query: `"work repeat" ${TOPIC}`, types: ['LESSON'] })).totalCount).toBe(0);
  });

  it('suggests titles and terms for the search box, never a draft to others', async () => {
    const { searchSuggestions } = await platform.data<{ searchSuggestions: string[] }>(
      `query S($prefix: String!) { searchSuggestions(prefix: $prefix, first: 5) }`,
      { prefix: 'python loops' },
    );
    expect(searchSuggestions).toContain(`Python loops ${TOPIC}`);
    const suggest = async (prefix: string, token?: string) =>
      (
        await platform.data<{ searchSuggestions: string[] }>(
          `query S($prefix: String!) { searchSuggestions(prefix: $prefix) }`,
          { prefix },
          token,
        )
      ).searchSuggestions;
    expect(await suggest('decorators')).not.toContain(`Decorators ${DRAFT}`);
    expect(await suggest('decorators', nadia.accessToken)).toContain(`Decorators ${DRAFT}`);
    expect(await suggest(DRAFT.slice(0, 5))).toEqual([]);
  });
});

describe('visibility', () => {
  it('finds a draft for its owner and admins only', async () => {
    await until(
      async () => ((await search({ query: DRAFT }, nadia.accessToken)).totalCount === 1 ? true : undefined),
      'the draft',
    );
    expect((await search({ query: DRAFT }, adminToken)).totalCount).toBe(1);
    expect((await search({ query: DRAFT }, learner.accessToken)).totalCount).toBe(0);
    expect((await search({ query: DRAFT }, tom.accessToken)).totalCount).toBe(0);
    expect((await search({ query: DRAFT })).totalCount).toBe(0);
  });

  it('removes an unpublished course and its lessons within a second', async () => {
    const other = await platform.data<{ createCourse: { id: string } }>(
      `mutation C($input: CreateCourseInput!) { createCourse(input: $input) { id } }`,
      { input: { title: `Soon gone ${DRAFT}x`, description: 'Published for a moment.', level: 'BEGINNER', tags: [] } },
      tom.accessToken,
    );
    const query = `${DRAFT}x`;
    const { addModule } = await platform.data<{ addModule: { id: string } }>(
      `mutation M($id: ID!) { addModule(courseId: $id, input: { title: "Only" }) { id } }`,
      { id: other.createCourse.id },
      tom.accessToken,
    );
    await platform.data(
      `mutation L($id: ID!) { addLesson(moduleId: $id, input: { title: "Only lesson", content: "Gone soon.", durationMinutes: 1 }) { id } }`,
      { id: addModule.id },
      tom.accessToken,
    );
    // A quiz published while the course is a draft, and a webinar of the course: public once the course is.
    await publishedQuiz(tom, other.createCourse.id, `Soon gone quiz ${query}`);
    await webinarEvent('WEBINAR_SCHEDULED', webinar(tom.id, other.createCourse.id, `Soon gone webinar ${query}`));
    const dependents = { query, types: ['QUIZ', 'WEBINAR'] };
    await until(async () => ((await count(dependents, tom.accessToken)) === 2 ? true : undefined), 'for Tom');
    expect(await count(dependents, learner.accessToken)).toBe(0);
    await platform.data(`mutation P($id: ID!) { publishCourse(id: $id) { id } }`, { id: other.createCourse.id }, tom.accessToken);
    const courses = { query, types: ['COURSE'] };
    await until(async () => ((await search(courses, learner.accessToken)).totalCount === 1 ? true : undefined), 'published');
    await until(async () => ((await count(dependents, learner.accessToken)) === 2 ? true : undefined), 'its quiz and webinar');
    await platform.data(
      `mutation U($id: ID!) { unpublishCourse(id: $id) { id } }`,
      { id: other.createCourse.id },
      tom.accessToken,
    );
    const started = Date.now();
    await until(async () => ((await search({ query }, learner.accessToken)).totalCount === 0 ? true : undefined), 'gone', 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    // The course, its lesson, quiz and webinar and (without a published course) its instructor: for Tom only.
    expect((await search(courses, tom.accessToken)).totalCount).toBe(1);
    expect(await count(dependents, tom.accessToken)).toBe(2);
  });
});

describe('quizzes and webinars', () => {
  const ids = { quiz: '', draftQuiz: '', webinar: '', draftWebinar: '' };
  const DESCRIBED = word();
  let sql: pg.Pool;
  beforeAll(async () => {
    sql = new pg.Pool({ connectionString: subgraphDatabaseUrl(platform.runtime.env.DATABASE_URL!, 'search'), max: 1 });
    [ids.quiz, ids.draftQuiz] = await Promise.all([
      publishedQuiz(nadia, course.id, `Loop quiz ${LIVE}`),
      publishedQuiz(nadia, course.draft, `Decorators quiz ${LIVE}`),
    ]);
    // The payload may carry a description in a later version of webinars' contract: indexed when present.
    const described = { ...webinar(tom.id, null, `Live coding ${LIVE}`), description: `Bring questions about ${DESCRIBED}.` };
    ids.webinar = (await webinarEvent('WEBINAR_SCHEDULED', described)).payload.webinarId;
    const draft = webinar(nadia.id, course.draft, `Decorators live ${LIVE}`);
    ids.draftWebinar = (await webinarEvent('WEBINAR_SCHEDULED', draft)).payload.webinarId;
    await until(async () => ((await count({ query: LIVE }, adminToken)) === 4 ? true : undefined), 'quizzes and webinars');
  }, 30_000);
  afterAll(() => sql?.end());

  const handled = async (eventId: string) =>
    (await sql.query('SELECT 1 FROM "ProcessedEvent" WHERE consumer = $1 AND "eventId" = $2', ['search-index', eventId])).rowCount
      ? true
      : undefined;

  it('finds published quizzes and webinars with their references, counted in the types facet', async () => {
    const page = await search({ query: LIVE, first: 50 });
    const byType = new Map(page.edges.map((edge) => [edge.node.type, edge.node]));
    expect(page.totalCount).toBe(2);
    expect(byType.get('QUIZ')).toMatchObject({
      title: `Loop quiz ${LIVE}`,
      quiz: { id: ids.quiz, title: `Loop quiz ${LIVE}` },
      course: { id: course.id, title: `Python loops ${TOPIC}` },
      webinar: null,
      lesson: null,
    });
    expect(byType.get('WEBINAR')).toMatchObject({ title: `Live coding ${LIVE}`, webinar: { id: ids.webinar }, course: null });
    expect(page.facets.types).toEqual([
      { value: 'QUIZ', count: 1 },
      { value: 'WEBINAR', count: 1 },
    ]);
    // A quiz takes its course's level and tags, as lessons do.
    expect(page.facets.levels).toEqual([{ value: 'BEGINNER', count: 1 }]);
    expect(await count({ query: LIVE, filters: { tags: [TAG] } })).toBe(1);
    expect(await count({ query: LIVE, filters: { courseId: course.id } })).toBe(1);
    expect(await count({ query: LIVE, types: ['WEBINAR'] })).toBe(1);
    expect((await search({ query: DESCRIBED })).edges.map((edge) => edge.node.webinar?.id)).toEqual([ids.webinar]);
    // Their words correct typos too (once the vocabulary has them).
    const typo = `quiz ${LIVE.slice(0, 3)}${LIVE[4]}${LIVE[3]}${LIVE.slice(5)}`;
    await until(async () => ((await count({ query: typo, types: ['QUIZ'] })) === 1 ? true : undefined), 'the typo corrected');
  });

  it("shows a draft course's quiz and webinar to the course's owner and admins only", async () => {
    expect(await count({ query: LIVE }, nadia.accessToken)).toBe(4);
    expect(await count({ query: LIVE }, adminToken)).toBe(4);
    expect(await count({ query: LIVE }, learner.accessToken)).toBe(2);
    expect(await count({ query: LIVE }, tom.accessToken)).toBe(2);
    const nadias = await search({ query: `decorators ${LIVE}`, first: 50 }, nadia.accessToken);
    expect(nadias.edges.map((edge) => [edge.node.type, edge.node.course?.id]).sort()).toEqual([
      ['QUIZ', course.draft],
      ['WEBINAR', course.draft],
    ]);
    const suggest = async (prefix: string, token?: string) =>
      (
        await platform.data<{ searchSuggestions: string[] }>(
          `query S($prefix: String!) { searchSuggestions(prefix: $prefix, first: 20) }`,
          { prefix },
          token,
        )
      ).searchSuggestions;
    expect(await suggest('loop quiz')).toContain(`Loop quiz ${LIVE}`);
    expect(await suggest('live cod')).toContain(`Live coding ${LIVE}`);
    const others = await suggest('decorators');
    expect(others).not.toContain(`Decorators quiz ${LIVE}`);
    expect(others).not.toContain(`Decorators live ${LIVE}`);
    expect(await suggest('decorators', nadia.accessToken)).toEqual(
      expect.arrayContaining([`Decorators quiz ${LIVE}`, `Decorators live ${LIVE}`]),
    );
  });

  it('keeps a webinar while live and once ended, and drops it for good when cancelled', async () => {
    const base = { ...webinar(tom.id, null, `Live coding, on air ${LIVE}`), webinarId: ids.webinar };
    const live = await webinarEvent('WEBINAR_STATUS_CHANGED', { ...base, status: 'LIVE', recordingUrl: null });
    const titles = async () => (await search({ query: LIVE, types: ['WEBINAR'] })).edges.map((edge) => edge.node.title);
    await until(async () => ((await titles())[0] === `Live coding, on air ${LIVE}` ? true : undefined), 'live');
    const ended = await webinarEvent('WEBINAR_STATUS_CHANGED', {
      ...base,
      status: 'ENDED',
      recordingUrl: 'https://video.example/r/1',
    });
    await until(() => handled(ended.id), 'ended');
    expect(await titles()).toEqual([`Live coding, on air ${LIVE}`]);
    await webinarEvent('WEBINAR_STATUS_CHANGED', { ...base, status: 'CANCELLED', recordingUrl: null });
    await until(async () => ((await count({ query: LIVE, types: ['WEBINAR'] }, adminToken)) === 1 ? true : undefined), 'gone');
    // Late deliveries after the cancellation (one again with its id, one as a new event) bring nothing back.
    await platform.runtime.eventBus().publish(live);
    const late = await webinarEvent('WEBINAR_SCHEDULED', base);
    await until(() => handled(late.id), 'the late event handled');
    expect(await count({ query: LIVE, types: ['WEBINAR'] }, adminToken)).toBe(1);
    expect(await count({ query: DESCRIBED }, adminToken)).toBe(0);
  });
});

describe('reindexing and bad input', () => {
  it('answers throughout a reindex', async () => {
    const services = platform.stack.subgraphs.get('search')!.services as SearchServices;
    const state = { done: false };
    const counts: number[] = [];
    const queries = (async () => {
      while (!state.done) counts.push((await search({ query: TOPIC, first: 50 })).totalCount);
    })();
    const reindexes = [await services.engine.reindex(), await services.engine.reindex()];
    state.done = true;
    await queries;
    expect(reindexes[0]!.documents).toBeGreaterThanOrEqual(6);
    expect(counts.length).toBeGreaterThan(0);
    expect(new Set(counts)).toEqual(new Set([5]));
    // Quizzes and webinars are rebuilt with the rest, their visibility kept.
    expect(await count({ query: LIVE })).toBe(1);
    expect(await count({ query: LIVE }, nadia.accessToken)).toBe(3);
  });

  it('refuses hostile arguments with BAD_USER_INPUT, and twins get the same answer', async () => {
    const bad: Array<Record<string, unknown>> = [
      { query: '' },
      { query: '   ' },
      { query: 'x'.repeat(201) },
      { query: 'loops\u0000' },
      { query: 'loops', first: 0 },
      { query: 'loops', first: 51 },
      { query: 'loops', after: 'not-a-cursor' },
      { query: 'loops', after: Buffer.from('search:-5').toString('base64url') },
      { query: 'loops', filters: { language: 'French!' } },
      { query: 'loops', types: Array.from({ length: 7 }, () => 'QUIZ') },
      { query: 'loops', filters: { tags: Array.from({ length: 11 }, (_, index) => `t${index}`) } },
    ];
    for (const variables of bad)
      expect([variables, errorCode(await platform.gql(SEARCH, variables))]).toEqual([variables, 'BAD_USER_INPUT']);
    const suggest = `query S($prefix: String!, $first: Int) { searchSuggestions(prefix: $prefix, first: $first) }`;
    expect(errorCode(await platform.gql(suggest, { prefix: 'x'.repeat(101) }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await platform.gql(suggest, { prefix: 'py', first: 21 }))).toBe('BAD_USER_INPUT');
    // Operators and SQL are just text.
    expect((await search({ query: `${TOPIC} or '); DROP TABLE "SearchDocument"; -- & | ! <-> :*` })).totalCount).toBeGreaterThan(
      0,
    );
    expect((await search({ query: `${TOPIC} -loops` })).totalCount).toBeLessThan(5);
    const [a, b] = await Promise.all([search({ query: TOPIC }), search({ query: TOPIC })]);
    expect(a).toEqual(b);
  });
});

describe('a restart', () => {
  it('keeps the index and follows events published while it was down', async () => {
    await platform.close();
    platform = await startTestStack({ subgraphs: SUBGRAPHS, env: adminEnv(admin) });
    const page = await search({ query: TOPIC, first: 50 });
    expect(page.totalCount).toBe(5);
    expect((await search({ query: DRAFT }, (await platform.signUp()).accessToken)).totalCount).toBe(0);
  });
});
