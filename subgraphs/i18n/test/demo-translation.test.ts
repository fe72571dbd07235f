/** The demo content through the real seeding path: python-basics and each of its lessons in French. */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { dropSubgraphDatabases } from '#platform/db/postgres-server.ts';
import { testSettingsFromProcess } from '#platform/testing/test-env.ts';
import { startTestStack, type TestStack } from '#gateway/testing/stack.ts';
import { seedDemoContent } from '../../../scripts/demo-content/seed.ts';

// The seed creates quizzes too.
const SUBGRAPHS = ['accounts', 'profiles', 'courses', 'quests', 'quizzes', 'i18n'];
/**
 * Databases of its own: other files seed the demo courses into the shared test databases on stacks
 * without i18n, and i18n learns about a course from its creation events only.
 */
const DATABASE_URL = `${testSettingsFromProcess().TEST_DATABASE_URL}_demo`;

let platform: TestStack;
beforeAll(async () => {
  await dropSubgraphDatabases(DATABASE_URL, SUBGRAPHS);
  platform = await startTestStack({ subgraphs: SUBGRAPHS, env: { DATABASE_URL } });
  await seedDemoContent(platform.url);
}, 120_000);
afterAll(() => platform?.close());

it('translates the demo course python-basics and every lesson of it into French', async () => {
  const { course } = await platform.data<{
    course: {
      availableLocales: string[];
      translation: { title: string; description: string };
      modules: Array<{ lessons: Array<{ title: string; translation: { title: string; content: string } | null }> }>;
    };
  }>(`{ course(slug: "python-basics") { availableLocales translation(locale: "fr-FR") { title description }
      modules { lessons { title translation(locale: "fr") { title content } } } } }`);
  expect(course.availableLocales).toEqual(['en', 'fr']);
  expect(course.translation.title).toBe('Les bases de Python : vos premiers programmes');
  const lessons = course.modules.flatMap((module) => module.lessons);
  expect(lessons).toHaveLength(6);
  expect(lessons.map((lesson) => lesson.translation?.title)).toEqual([
    'Exécuter votre premier programme',
    'Variables et types',
    'Nombres et arithmétique',
    'Les chaînes de caractères',
    'Les conditions avec if, elif et else',
    'Les boucles : for et while',
  ]);
  for (const lesson of lessons) expect(lesson.translation?.content).toMatch(/## Exercice/);
});
