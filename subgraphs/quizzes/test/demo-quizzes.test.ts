/**
 * The demo quizzes through the real seeding path (the demo courses first, whose events reach
 * quizzes), idempotently; each is published on its lesson and a learner answering with the
 * accepted answers passes it with 100.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startTestStack, type TestStack } from '#gateway/testing/stack.ts';
import { readDemoQuizzes, seedDemoQuizzes } from '../../../scripts/demo-content/quizzes.ts';
import { DEMO_PASSWORD, seedDemoContent } from '../../../scripts/demo-content/seed.ts';
import { enroll, start, submit, answer } from './support.ts';

let platform: TestStack;
const demo = readDemoQuizzes();

const signIn = async (email: string) =>
  (
    await platform.data<{ login: { accessToken: string } }>(
      `mutation L($input: LoginInput!) { login(input: $input) { accessToken } }`,
      {
        input: { email, password: DEMO_PASSWORD },
      },
    )
  ).login.accessToken;

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'profiles', 'courses', 'quests', 'quizzes'] });
  await seedDemoContent(platform.url);
}, 120_000);
afterAll(() => platform?.close());

it('creates one published quiz per demo course, on its lesson, once', async () => {
  // Another test file of the run (demo quests) may have loaded the demo content first: every
  // demo quiz exists, and seeding again creates none.
  const tokens = { nadia: await signIn('nadia.benali@doctorpy.dev'), tom: await signIn('tom.okafor@doctorpy.dev') };
  const tokenFor = async (slug: string) => (slug === 'python-data-structures' ? tokens.tom : tokens.nadia);
  expect(await seedDemoQuizzes(platform.url, tokenFor)).toEqual([]);
  for (const spec of demo) {
    const { course } = await platform.data<{
      course: {
        quizzes: Array<{ title: string; status: string; required: boolean; questionCount: number; lesson: { id: string } }>;
      };
    }>(`query C($slug: String) { course(slug: $slug) { quizzes { title status required questionCount lesson { id } } } }`, {
      slug: spec.course,
    });
    expect(course.quizzes).toHaveLength(1);
    expect(course.quizzes[0]).toMatchObject({
      title: spec.title,
      status: 'PUBLISHED',
      required: spec.required,
      questionCount: spec.questions.length,
    });
    const { lesson } = await platform.data<{ lesson: { title: string; quiz: { title: string } } }>(
      `query L($id: ID!) { lesson(id: $id) { title quiz { title } } }`,
      { id: course.quizzes[0]!.lesson.id },
    );
    expect(lesson).toEqual({ title: spec.lesson, quiz: { title: spec.title } });
  }
});

it('lets an enrolled learner pass every demo quiz with 100 using the accepted answers', async () => {
  const learner = await platform.signUp('STUDENT', 'Demo Quiz Taker');
  for (const spec of demo) {
    const { course } = await platform.data<{ course: { id: string; quizzes: Array<{ id: string }> } }>(
      `query C($slug: String) { course(slug: $slug) { id quizzes { id } } }`,
      { slug: spec.course },
    );
    await enroll(platform, learner, course.id);
    const attempt = await start(platform, learner, course.quizzes[0]!.id);
    for (const item of attempt.answers) {
      const question = spec.questions.find((each) => each.prompt.trim() === item.question.prompt)!;
      const values =
        question.kind === 'MULTIPLE_CHOICE'
          ? question.acceptedAnswers
          : [question.acceptedAnswers.find((accepted) => !accepted.startsWith('re:'))!];
      await answer(platform, learner, attempt.id, item.question.id, values);
    }
    const graded = await submit(platform, learner, attempt.id);
    expect({ course: spec.course, score: graded.score, passed: graded.passed }).toEqual({
      course: spec.course,
      score: 100,
      passed: true,
    });
  }
});
