/**
 * The embedded mode (`npm start` with nothing configured): search on Postgres full text inside the
 * shared PGlite (its own schema) and the in-process bus. A published course is found, in English,
 * with a typo and in French once translated; suggestions work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { eventually, startTestStack, type TestStack } from '#gateway/testing/stack.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'doctorpy-search-'));
let platform: TestStack;

beforeAll(async () => {
  platform = await startTestStack({
    subgraphs: ['accounts', 'courses', 'i18n', 'search'],
    env: { DATABASE_URL: '', REDIS_URL: '', NATS_URL: '', DATA_DIR: dataDir },
  });
}, 120_000);
afterAll(async () => {
  await platform?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('searches on PGlite: stemming, typos, French and suggestions', async () => {
  expect(platform.runtime.eventBus().kind).toBe('in-process');
  const nadia = await platform.signUp('INSTRUCTOR', 'Nadia Embedded');
  const token = nadia.accessToken;
  const { createCourse } = await platform.data<{ createCourse: { id: string } }>(
    `mutation { createCourse(input: { title: "Python dictionaries", description: "Keys and values.", level: BEGINNER, tags: ["python"] }) { id } }`,
    {},
    token,
  );
  const { addModule } = await platform.data<{ addModule: { id: string } }>(
    `mutation M($id: ID!) { addModule(courseId: $id, input: { title: "One" }) { id } }`,
    { id: createCourse.id },
    token,
  );
  await platform.data(
    `mutation L($id: ID!) { addLesson(moduleId: $id, input: { title: "Looking up keys", content: "A dictionary maps keys to values.", durationMinutes: 5 }) { id } }`,
    { id: addModule.id },
    token,
  );
  await platform.data(`mutation P($id: ID!) { publishCourse(id: $id) { id } }`, { id: createCourse.id }, token);
  await eventually(
    async () =>
      (
        await platform.gql(
          `mutation T($id: ID!) { translateCourse(courseId: $id, locale: "fr", input: { title: "Les dictionnaires en Python", description: "Clés et valeurs." }) { locale } }`,
          { id: createCourse.id },
          token,
        )
      ).data ?? undefined,
    5_000,
    'the translation',
  );
  const titles = async (query: string) =>
    (
      await platform.data<{ search: { edges: Array<{ node: { title: string } }> } }>(
        `query S($q: String!) { search(query: $q) { edges { node { title } } } }`,
        { q: query },
      )
    ).search.edges.map((edge) => edge.node.title);
  await eventually(
    async () => ((await titles('dictionary')).includes('Python dictionaries') ? true : undefined),
    5_000,
    'indexed',
  );
  await eventually(
    async () => ((await titles('dictoinaries')).includes('Python dictionaries') ? true : undefined),
    5_000,
    'typo',
  );
  await eventually(
    async () => ((await titles('dictionnaire')).includes('Les dictionnaires en Python') ? true : undefined),
    5_000,
    'French',
  );
  const { searchSuggestions } = await platform.data<{ searchSuggestions: string[] }>(`{ searchSuggestions(prefix: "pyth") }`);
  expect(searchSuggestions).toContain('Python dictionaries');
});
