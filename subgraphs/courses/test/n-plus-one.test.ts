/**
 * DataLoader batching: the SQL statements a catalog query costs must not grow with the page size.
 * Statements are counted at each subgraph's Prisma driver adapter.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startTestStack, unique, type TestStack } from '#gateway/testing/stack.ts';

const COURSES = 50;
const QUERY = `query Catalog($first: Int) {
  courses(first: $first) { edges { node { instructor { displayName } modules { lessons { title } } } } }
}`;

let platform: TestStack;

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'profiles', 'courses'] });
  // Two instructors, so instructor lookups are a real batch of several users.
  const instructors = [await platform.signUp('INSTRUCTOR', 'Ines'), await platform.signUp('INSTRUCTOR', 'Omar')];
  for (let index = 0; index < COURSES; index += 1) {
    const token = instructors[index % 2]!.accessToken;
    const { createCourse } = await platform.data<{ createCourse: { id: string } }>(
      `mutation C($title: String!) { createCourse(input: { title: $title, description: "Batching matters.", level: BEGINNER }) { id } }`,
      { title: unique('Course') },
      token,
    );
    for (const module of ['One', 'Two']) {
      const { addModule } = await platform.data<{ addModule: { id: string } }>(
        `mutation M($id: ID!, $title: String!) { addModule(courseId: $id, input: { title: $title }) { id } }`,
        { id: createCourse.id, title: module },
        token,
      );
      await Promise.all(
        ['a', 'b'].map((lesson) =>
          platform.data(
            `mutation L($id: ID!, $title: String!) { addLesson(moduleId: $id, input: { title: $title, content: "text", durationMinutes: 3 }) { id } }`,
            { id: addModule.id, title: `${module}-${lesson}` },
            token,
          ),
        ),
      );
    }
    await platform.data(`mutation P($id: ID!) { publishCourse(id: $id) { id } }`, { id: createCourse.id }, token);
  }
}, 120_000);
afterAll(() => platform?.close());

async function statementsFor(first: number) {
  const before = platform.statements();
  const { courses } = await platform.data<{ courses: { edges: Array<{ node: { modules: Array<{ lessons: unknown[] }> } }> } }>(
    QUERY,
    { first },
  );
  const after = platform.statements();
  expect(courses.edges).toHaveLength(first);
  expect(
    courses.edges.every(
      (edge) => edge.node.modules.length === 2 && edge.node.modules.every((module) => module.lessons.length === 2),
    ),
  ).toBe(true);
  return Object.fromEntries(Object.keys(after).map((name) => [name, after[name]! - before[name]!]));
}

it('costs the same SQL statements for 5 courses as for 50', async () => {
  const five = await statementsFor(5);
  const fifty = await statementsFor(COURSES);
  expect(fifty).toEqual(five);
  // courses: the page, modules of all courses, lessons of all modules; accounts: all instructors.
  expect(fifty.courses).toBe(3);
  expect(fifty.accounts).toBe(1);
  expect(fifty.profiles).toBe(0);
});
