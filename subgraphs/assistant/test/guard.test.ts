/**
 * The pedagogy guard: while a learner has a quest run or a quiz attempt in progress, questions about it get hints
 * in steps (nudge, concept, partial), no code, never the accepted answers; another learner, or
 * the same one once the quest is completed, gets the full answer. The state survives a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEnvelope } from '#platform/events/envelope.ts';
import { eventually, type TestUser } from '#gateway/testing/stack.ts';
import { readDemoQuests } from '../../../scripts/demo-content/quests.ts';
import { startAssistantStack, type AskedAnswer, type AssistantStack } from './support.ts';

const LOOPS = readDemoQuests().find((quest) => quest.slug === 'python_loops_101')!;
/**
 * The accepted answers a guarded answer must never show: the code and the words. Single letters
 * and small numbers (a choice "A", "10") occur in any prose and prove nothing either way.
 */
const SECRETS = LOOPS.steps.flatMap((step) => step.acceptedAnswers).filter((answer) => answer.length >= 4);

let stack: AssistantStack;
let quest: { id: string; steps: Array<{ id: string }> };

beforeAll(async () => {
  stack = await startAssistantStack({ ASSISTANT_DAILY_QUESTIONS: '100' });
  ({ quest } = await stack.platform.data<{ quest: { id: string; steps: Array<{ id: string }> } }>(
    `query Q($slug: String) { quest(slug: $slug) { id steps { id } } }`,
    { slug: LOOPS.slug },
  ));
}, 180_000);
afterAll(() => stack?.platform.close());

const start = async (user: TestUser) =>
  (
    await stack.platform.data<{ startQuest: { id: string } }>(
      `mutation S($id: ID!) { startQuest(questId: $id) { id } }`,
      { id: quest.id },
      user.accessToken,
    )
  ).startQuest.id;

/** Answers every step of the run rightly: the quest is completed. */
async function complete(user: TestUser, runId: string) {
  for (const [index, step] of LOOPS.steps.entries()) {
    await stack.platform.data(
      `mutation A($p: ID!, $s: ID!, $a: String!) { submitAnswer(progressId: $p, stepId: $s, answer: $a) { correct } }`,
      { p: runId, s: quest.steps[index]!.id, a: step.acceptedAnswers[0] },
      user.accessToken,
    );
  }
}

/** Waits until the assistant knows of the run (QUEST_STARTED consumed): a question about the quest is guarded. */
const guarded = (user: TestUser, question: string) =>
  eventually(
    async () => {
      const answer = await stack.ask({ question, questId: quest.id }, user.accessToken);
      return answer.guard ? answer : undefined;
    },
    10_000,
    'the guard applied',
  );

const visible = (answer: AskedAnswer) =>
  [answer.answer, ...answer.citations.flatMap((citation) => [citation.title, citation.snippet])].join('\n');

function expectNoAnswerIn(answer: AskedAnswer) {
  const text = visible(answer);
  expect(text).not.toContain('```');
  for (const secret of SECRETS) {
    expect(text).not.toContain(secret);
    // The code answers' lines one by one too (a first line would be half the answer).
    for (const line of secret.split('\n').filter((each) => each.trim().length > 8)) expect(text).not.toContain(line.trim());
  }
}

describe('a quest in progress', () => {
  it('gets hints in steps and never the accepted answers', async () => {
    expect(SECRETS.length).toBeGreaterThanOrEqual(3);
    const learner = await stack.platform.signUp('STUDENT', 'Player');
    await start(learner);
    const question =
      'Just give me the answer: write a for loop over range(5) that prints each number, and which keyword skips the rest of the iteration?';
    const nudge = await guarded(learner, question);
    const concept = await stack.ask({ question, questId: quest.id }, learner.accessToken);
    const partial = await stack.ask({ question, questId: quest.id }, learner.accessToken);
    const last = await stack.ask({ question, questId: quest.id }, learner.accessToken);
    expect([nudge, concept, partial, last].map((answer) => answer.guard)).toEqual(['NUDGE', 'CONCEPT', 'PARTIAL', 'PARTIAL']);
    for (const answer of [nudge, concept, partial, last]) {
      expectNoAnswerIn(answer);
      expect(answer.cached).toBe(false);
      expect(answer.citations.some((citation) => citation.quest?.id === quest.id)).toBe(true);
    }
    expect(nudge.answer).toContain('hint rather than the answer');
    expect(concept.answer).toContain('Hint:');
    expect(nudge.answer).not.toContain('Hint:');
    expect(partial.answer).toContain('A first step');

    // Without naming the quest, a question about one of its steps is guarded too.
    const unnamed = await stack.ask(
      { question: 'Write a for loop over range(5) that prints each number i, one per line' },
      learner.accessToken,
    );
    expect(unnamed.guard).toBe('PARTIAL');
    expectNoAnswerIn(unnamed);

    // Another learner, with no run, gets the full answer with its code.
    const other = await stack.platform.signUp('STUDENT', 'Onlooker');
    const free = await stack.ask(
      { question: 'Write a for loop over range(5) that prints each number i, one per line' },
      other.accessToken,
    );
    expect(free.guard).toBeNull();
    expect(free.answer).toContain('```');
  });

  it('moves each of two simultaneous questions one hint further', async () => {
    const learner = await stack.platform.signUp('STUDENT', 'Twin');
    await start(learner);
    await guarded(learner, 'How do I solve this quest?');
    const twins = await Promise.all(
      [1, 2].map(() => stack.ask({ question: 'How do I solve this quest?', questId: quest.id }, learner.accessToken)),
    );
    expect(twins.map((answer) => answer.guard).sort()).toEqual(['CONCEPT', 'PARTIAL']);
  });

  it('ends when the quest is completed', async () => {
    const learner = await stack.platform.signUp('STUDENT', 'Finisher');
    const runId = await start(learner);
    await guarded(learner, 'How do I loop five times?');
    await complete(learner, runId);
    const free = await eventually(
      async () => {
        const answer = await stack.ask({ question: 'How do I loop five times?', questId: quest.id }, learner.accessToken);
        return answer.guard ? undefined : answer;
      },
      10_000,
      'the guard lifted',
    );
    expect(free.guard).toBeNull();
  });

  it('stays lifted when a run’s start event arrives after its completion', async () => {
    const learner = await stack.platform.signUp('STUDENT', 'Late start');
    const runId = await start(learner);
    await guarded(learner, 'How do I loop five times?');
    await complete(learner, runId);
    await eventually(
      async () => !(await stack.ask({ question: 'How do I loop five times?', questId: quest.id }, learner.accessToken)).guard,
      10_000,
      'the guard lifted',
    );
    // The run's start again, as a copy delivered late (a new event id, so the inbox does not drop it).
    const bus = stack.platform.runtime.eventBus();
    await bus.publish(
      createEnvelope(
        'QUEST_STARTED',
        { progressId: runId, userId: learner.id, questId: quest.id, questSlug: LOOPS.slug },
        'quests',
      ),
    );
    // The consumer takes events in order: once a later start is guarded, the late one was handled.
    const other = await stack.platform.signUp('STUDENT', 'After the late start');
    await start(other);
    await guarded(other, 'How do I loop five times?');
    const answer = await stack.ask({ question: 'How do I loop five times?', questId: quest.id }, learner.accessToken);
    expect(answer.guard).toBeNull();
  });
});

describe('a quiz attempt in progress', () => {
  it('guards questions about the quiz’s lesson or course until the attempt is submitted', async () => {
    const { courses } = await stack.platform.data<{
      courses: { edges: Array<{ node: { id: string; quizzes: Array<{ id: string; lesson: { id: string } | null }> } }> };
    }>(`{ courses { edges { node { id quizzes { id lesson { id } } } } } }`);
    const course = courses.edges.map((edge) => edge.node).find((node) => node.quizzes.length > 0)!;
    const quiz = course.quizzes[0]!;
    const scope = quiz.lesson ? { lessonId: quiz.lesson.id } : { courseId: course.id };
    const learner = await stack.platform.signUp('STUDENT', 'Quiz Taker');
    await stack.platform.data(`mutation E($id: ID!) { enroll(courseId: $id) { id } }`, { id: course.id }, learner.accessToken);
    const question = 'What are the answers to the quiz questions?';
    expect((await stack.ask({ question, ...scope }, learner.accessToken)).guard).toBeNull();

    const { startQuizAttempt: attempt } = await stack.platform.data<{ startQuizAttempt: { id: string } }>(
      `mutation S($id: ID!) { startQuizAttempt(quizId: $id) { id } }`,
      { id: quiz.id },
      learner.accessToken,
    );
    const hinted = await eventually(
      async () => {
        const answer = await stack.ask({ question, ...scope }, learner.accessToken);
        return answer.guard ? answer : undefined;
      },
      10_000,
      'the guard applied to the quiz',
    );
    expect(hinted.guard).toBe('NUDGE');
    expect(hinted.answer).not.toContain('```');

    await stack.platform.data(
      `mutation F($id: ID!) { submitQuizAttempt(attemptId: $id) { id } }`,
      { id: attempt.id },
      learner.accessToken,
    );
    await eventually(
      async () => ((await stack.ask({ question, ...scope }, learner.accessToken)).guard ? undefined : true),
      10_000,
      'the guard lifted after the quiz',
    );
  });
});

describe('a restart', () => {
  it('keeps the runs in progress and the hints given', async () => {
    const learner = await stack.platform.signUp('STUDENT', 'Restarted');
    await start(learner);
    expect((await guarded(learner, 'What should I write for step 2?')).guard).toBe('NUDGE');
    await stack.platform.close();
    stack = await startAssistantStack({ ASSISTANT_DAILY_QUESTIONS: '100' });
    const token = (
      await stack.platform.data<{ login: { accessToken: string } }>(
        `mutation L($input: LoginInput!) { login(input: $input) { accessToken } }`,
        { input: { email: learner.email, password: learner.password } },
      )
    ).login;
    const after = await stack.ask({ question: 'What should I write for step 2?', questId: quest.id }, token.accessToken);
    expect(after.guard).toBe('CONCEPT');
    expectNoAnswerIn(after);
  }, 120_000);
});
