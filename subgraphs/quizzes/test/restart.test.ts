/**
 * An attempt whose deadline passes while quizzes is down is graded when it starts again, before
 * it serves anyone (the sweeper's first run), and announced once.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createSubgraphServer } from '#platform/subgraph.ts';
import { loadSubgraph } from '#platform/subgraph-module.ts';
import { eventually, startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import { answerAll, ATTEMPT_FIELDS, createCourse, enroll, publishedQuiz, recordEvents, start, type Attempt } from './support.ts';

let platform: TestStack;
let events: ReturnType<typeof recordEvents>;

beforeAll(async () => {
  // A sweep an hour apart: only the sweep at start can grade the attempt in time for this test.
  platform = await startTestStack({ subgraphs: ['accounts', 'courses', 'quizzes'], env: { QUIZ_EXPIRY_SWEEP_MS: '3600000' } });
  events = recordEvents(platform);
});
afterAll(async () => {
  events?.stop();
  await platform?.close();
});

/** Stops the quizzes server and starts a new one on the same port, as a restarted process would. */
async function restartQuizzes(whileDown: () => Promise<void>): Promise<void> {
  const { subgraphs, subgraphUrls } = platform.stack;
  await subgraphs.get('quizzes')!.close();
  await whileDown();
  const server = await createSubgraphServer(await loadSubgraph('quizzes'), platform.runtime, {
    jwksUrl: new URL('/.well-known/jwks.json', subgraphUrls.accounts).toString(),
  });
  subgraphs.set('quizzes', server);
  await server.listen(Number(new URL(subgraphUrls.quizzes!).port), '127.0.0.1');
}

it('grades at start the attempts that expired while the process was down', async () => {
  const author = await platform.signUp('INSTRUCTOR', 'Restart Author');
  const learner: TestUser = await platform.signUp('STUDENT', 'Restart Learner');
  const course = await createCourse(platform, author, 1);
  await enroll(platform, learner, course.id);
  const quiz = await publishedQuiz(platform, author, course, { lessonId: null, timeLimitSeconds: 6, passingScore: 50 });
  const attempt = await start(platform, learner, quiz.id);
  await answerAll(platform, learner, attempt, ['CODE', 'NUMERIC']);

  await restartQuizzes(async () => {
    // Down past the deadline.
    await new Promise((resolve) => setTimeout(resolve, new Date(attempt.deadline!).getTime() - Date.now() + 200));
  });

  // The first read after the restart already sees it graded: no sweep interval elapsed.
  const { quizAttempt } = await platform.data<{ quizAttempt: Attempt }>(
    `query A($id: ID!) { quizAttempt(id: $id) { ${ATTEMPT_FIELDS} } }`,
    { id: attempt.id },
    learner.accessToken,
  );
  expect(quizAttempt).toMatchObject({ status: 'EXPIRED', score: 60, passed: true, submittedAt: null });
  const submitted = await eventually(async () => events.named('QUIZ_SUBMITTED', { attemptId: attempt.id })[0], 15_000);
  expect(submitted.payload).toMatchObject({ expired: true, score: 60 });
  await eventually(async () => events.named('QUIZ_PASSED', { attemptId: attempt.id })[0], 15_000);
  expect(events.named('QUIZ_SUBMITTED', { attemptId: attempt.id })).toHaveLength(1);

  // A second restart finds nothing left to grade and announces nothing again.
  await restartQuizzes(async () => undefined);
  await new Promise((resolve) => setTimeout(resolve, 800));
  expect(events.named('QUIZ_SUBMITTED', { attemptId: attempt.id })).toHaveLength(1);
});
