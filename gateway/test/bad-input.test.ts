/**
 * Every bad input gets a clear coded GraphQL error: never a 500, never a stack trace, never SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import type { GraphQLResponse } from '#platform/graphql/client.ts';

let platform: TestStack;
let student: TestUser;
let instructor: TestUser;

const REGISTER = `mutation R($input: RegisterInput!) { register(input: $input) { accessToken } }`;
const MISSING = '01900000-0000-7000-8000-000000000000';
const ONE_MEGABYTE = 'x'.repeat(1024 * 1024);

/** The first error's code, after checking the response is a clean client error. */
function codeOf(result: GraphQLResponse<unknown>): unknown {
  expect(result.status).toBeLessThan(500);
  expect(result.errors?.length).toBeGreaterThan(0);
  for (const error of result.errors ?? []) {
    expect(error.extensions?.code).toEqual(expect.any(String));
    expect(JSON.stringify(error)).not.toMatch(/stacktrace|prisma|SELECT |INSERT /i);
  }
  return result.errors?.[0]?.extensions?.code;
}

beforeAll(async () => {
  platform = await startTestStack();
  student = await platform.signUp('STUDENT');
  instructor = await platform.signUp('INSTRUCTOR');
});
afterAll(() => platform?.close());

describe('registration input', () => {
  const register = (input: Record<string, unknown>) =>
    platform.gql(REGISTER, {
      input: { email: `${unique('someone')}@example.com`, password: 'Reasonable-pass-42', displayName: 'Someone', ...input },
    });

  it('rejects an invalid email', async () => {
    const result = await register({ email: 'not-an-email' });
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.fields).toEqual([{ field: 'email', message: 'is not a valid email address' }]);
  });

  it('rejects weak passwords with the reason', async () => {
    for (const [password, reason] of [
      ['short1', 'must be at least 10 characters'],
      ['password123', 'is too common'],
      ['onlyletterslong', 'must contain a digit or a symbol'],
      ['1111111111', 'must contain a letter'],
    ] as const) {
      const result = await register({ password });
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain(reason);
    }
  });

  it('rejects a duplicate email, whatever its case, with CONFLICT', async () => {
    expect(codeOf(await register({ email: student.email.toUpperCase() }))).toBe('CONFLICT');
  });

  it('rejects a display name of 1 MB', async () => {
    expect(codeOf(await register({ displayName: ONE_MEGABYTE }))).toBe('BAD_USER_INPUT');
  });
});

describe('unknown ids', () => {
  it.each([
    ['course', `query Q($id: ID) { course(id: $id) { id } }`],
    ['lesson', `query Q($id: ID!) { lesson(id: $id) { id } }`],
    ['user', `query Q($id: ID!) { user(id: $id) { id } }`],
    ['enroll', `mutation Q($id: ID!) { enroll(courseId: $id) { id } }`],
    ['completeLesson', `mutation Q($id: ID!) { completeLesson(lessonId: $id) { id } }`],
    ['addModule', `mutation Q($id: ID!) { addModule(courseId: $id, input: { title: "M" }) { id } }`],
  ])('%s answers NOT_FOUND', async (_name, query) => {
    for (const id of [MISSING, 'not-even-a-uuid']) {
      const token = query.includes('addModule') ? instructor.accessToken : student.accessToken;
      expect(codeOf(await platform.gql(query, { id }, token))).toBe('NOT_FOUND');
    }
  });
});

describe('courses', () => {
  let draftId: string;

  beforeAll(async () => {
    const { createCourse } = await platform.data<{ createCourse: { id: string } }>(
      `mutation { createCourse(input: { title: "Draft only", description: "Not published on purpose.", level: BEGINNER }) { id } }`,
      {},
      instructor.accessToken,
    );
    draftId = createCourse.id;
  });

  it('will not enroll anyone in a draft', async () => {
    const enroll = `mutation E($id: ID!) { enroll(courseId: $id) { id } }`;
    expect(codeOf(await platform.gql(enroll, { id: draftId }, student.accessToken))).toBe('NOT_FOUND');
    expect(codeOf(await platform.gql(enroll, { id: draftId }, instructor.accessToken))).toBe('BAD_USER_INPUT');
  });

  it('will not publish a course without lessons', async () => {
    const result = await platform.gql(
      `mutation P($id: ID!) { publishCourse(id: $id) { id } }`,
      { id: draftId },
      instructor.accessToken,
    );
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/at least one lesson/);
  });

  it('rejects 1 MB titles and lesson contents', async () => {
    const title = await platform.gql(
      `mutation C($t: String!) { createCourse(input: { title: $t, description: "Long enough text.", level: BEGINNER }) { id } }`,
      { t: ONE_MEGABYTE },
      instructor.accessToken,
    );
    expect(codeOf(title)).toBe('BAD_USER_INPUT');
    const { addModule } = await platform.data<{ addModule: { id: string } }>(
      `mutation M($id: ID!) { addModule(courseId: $id, input: { title: "M" }) { id } }`,
      { id: draftId },
      instructor.accessToken,
    );
    const lesson = await platform.gql(
      `mutation L($id: ID!, $c: String!) { addLesson(moduleId: $id, input: { title: "L", content: $c, durationMinutes: 5 }) { id } }`,
      { id: addModule.id, c: `${ONE_MEGABYTE}` },
      instructor.accessToken,
    );
    expect(codeOf(lesson)).toBe('BAD_USER_INPUT');
  });

  it('rejects out-of-range page sizes, forged cursors and ambiguous lookups', async () => {
    expect(codeOf(await platform.gql(`{ courses(first: 1000) { totalCount } }`))).toBe('BAD_USER_INPUT');
    expect(codeOf(await platform.gql(`{ courses(first: 0) { totalCount } }`))).toBe('BAD_USER_INPUT');
    expect(codeOf(await platform.gql(`{ courses(after: "forged") { totalCount } }`))).toBe('BAD_USER_INPUT');
    expect(codeOf(await platform.gql(`{ course { id } }`))).toBe('BAD_USER_INPUT');
    expect(codeOf(await platform.gql(`{ course(id: "a", slug: "b") { id } }`))).toBe('BAD_USER_INPUT');
  });

  it('rejects a negative duration and an unknown level', async () => {
    const { addModule } = await platform.data<{ addModule: { id: string } }>(
      `mutation M($id: ID!) { addModule(courseId: $id, input: { title: "M2" }) { id } }`,
      { id: draftId },
      instructor.accessToken,
    );
    const lesson = await platform.gql(
      `mutation L($id: ID!) { addLesson(moduleId: $id, input: { title: "L", content: "c", durationMinutes: -5 }) { id } }`,
      { id: addModule.id },
      instructor.accessToken,
    );
    expect(codeOf(lesson)).toBe('BAD_USER_INPUT');
    expect(
      codeOf(
        await platform.gql(
          `mutation { createCourse(input: { title: "T", description: "d", level: EXPERT }) { id } }`,
          {},
          instructor.accessToken,
        ),
      ),
    ).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('malformed requests', () => {
  it('answers wrong variable types with BAD_USER_INPUT', async () => {
    expect(codeOf(await platform.gql(`query Q($first: Int) { courses(first: $first) { totalCount } }`, { first: 'ten' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      codeOf(
        await platform.gql(`mutation R($input: RegisterInput!) { register(input: $input) { accessToken } }`, {
          input: { email: 42 },
        }),
      ),
    ).toBe('BAD_USER_INPUT');
  });

  it('answers unknown fields and syntax errors with validation codes', async () => {
    expect(codeOf(await platform.gql(`{ courses { nope } }`))).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(codeOf(await platform.gql(`{ courses { `))).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('answers a malformed JSON body and an oversized one with coded errors', async () => {
    const post = (body: string) => fetch(platform.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const malformed = await post('{"query": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe(
      'BAD_REQUEST',
    );
    const huge = await post(JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(3 * 1024 * 1024) } }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('refuses queries nested deeper than the limit', async () => {
    const deep = `{ me { enrollments { course { modules { lessons { course { modules { lessons { course { modules { lessons { course { id } } } } } } } } } } } } }`;
    const result = await platform.gql(deep, {}, student.accessToken);
    expect(codeOf(result)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).toMatch(/depth/i);
  });
});

describe('oversized queries', () => {
  it('refuses a query of too many tokens at parse time', async () => {
    const fields = Array.from({ length: 3_000 }, (_, index) => `f${index}: __typename`).join(' ');
    expect(codeOf(await platform.gql(`{ ${fields} }`))).toBe('GRAPHQL_PARSE_FAILED');
  });
});
