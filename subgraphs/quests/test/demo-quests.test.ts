/**
 * The demo quests through the real seeding path: the demo courses first, then the quests linked
 * to them, idempotently; and every demo quest can be played to 100% with its accepted answers.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startTestStack, type TestStack } from '#gateway/testing/stack.ts';
import { readDemoQuests, seedDemoQuests } from '../../../scripts/demo-content/quests.ts';
import { DEMO_PASSWORD, seedDemoContent } from '../../../scripts/demo-content/seed.ts';

let platform: TestStack;
let instructorToken: string;
const demo = readDemoQuests();

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'profiles', 'courses', 'quests', 'quizzes'] });
  await seedDemoContent(platform.url);
  const { login } = await platform.data<{ login: { accessToken: string } }>(
    `mutation L($input: LoginInput!) { login(input: $input) { accessToken } }`,
    { input: { email: 'nadia.benali@doctorpy.dev', password: DEMO_PASSWORD } },
  );
  instructorToken = login.accessToken;
}, 60_000);
afterAll(() => platform?.close());

it('creates every demo quest once (with the demo content), linked to its course', async () => {
  // Another test file of the run (demo quizzes) may have loaded the demo content first: every
  // demo quest exists, and seeding again creates none.
  expect(await seedDemoQuests(platform.url, instructorToken)).toEqual([]);
  for (const { slug } of demo) {
    const { quest } = await platform.data<{ quest: { slug: string } }>(`query Q($slug: String) { quest(slug: $slug) { slug } }`, {
      slug,
    });
    expect(quest.slug).toBe(slug);
  }

  const { course } = await platform.data<{ course: { quests: Array<{ slug: string; course: { slug: string } }> } }>(
    `{ course(slug: "python-basics") { quests { slug course { slug } } } }`,
  );
  const expected = demo.filter((quest) => quest.course === 'python-basics').map((quest) => quest.slug);
  expect(course.quests.map((quest) => quest.slug).sort()).toEqual(expected.sort());
  expect(course.quests.every((quest) => quest.course.slug === 'python-basics')).toBe(true);
  const { questCategories } = await platform.data<{ questCategories: string[] }>(`{ questCategories }`);
  expect(questCategories).toEqual(expect.arrayContaining([...new Set(demo.map((quest) => quest.category))]));
});

it('lets a learner complete every demo quest at 100% with the accepted answers', async () => {
  const learner = await platform.signUp('STUDENT', 'Demo Learner');
  for (const spec of demo) {
    const { quest } = await platform.data<{ quest: { id: string; steps: Array<{ id: string }> } }>(
      `query Q($slug: String) { quest(slug: $slug) { id steps { id } } }`,
      { slug: spec.slug },
    );
    const { startQuest } = await platform.data<{ startQuest: { id: string } }>(
      `mutation S($id: ID!) { startQuest(questId: $id) { id } }`,
      { id: quest.id },
      learner.accessToken,
    );
    let last: { feedback: string; progress: { score: number | null; xpAwarded: number | null } } | undefined;
    for (const [index, step] of spec.steps.entries()) {
      const answer = step.acceptedAnswers.find((accepted) => !accepted.startsWith('re:'))!;
      const { submitAnswer } = await platform.data<{
        submitAnswer: { correct: boolean; feedback: string; progress: { score: number | null; xpAwarded: number | null } };
      }>(
        `mutation A($p: ID!, $s: ID!, $a: String!) { submitAnswer(progressId: $p, stepId: $s, answer: $a) { correct feedback progress { score xpAwarded } } }`,
        { p: startQuest.id, s: quest.steps[index]!.id, a: answer },
        learner.accessToken,
      );
      expect({ quest: spec.slug, answer, correct: submitAnswer.correct }).toEqual({ quest: spec.slug, answer, correct: true });
      last = submitAnswer;
    }
    expect(last).toEqual({
      correct: true,
      feedback: `Quest complete: 100/100, +${spec.xpReward} XP`,
      progress: { score: 100, xpAwarded: spec.xpReward },
    });
  }
  const { me } = await platform.data<{ me: { questsCompleted: number } }>(`{ me { questsCompleted } }`, {}, learner.accessToken);
  expect(me.questsCompleted).toBe(demo.length);
});
