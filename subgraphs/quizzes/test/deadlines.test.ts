/**
 * Time limits are the server's: answers after the deadline are refused (DEADLINE_PASSED), the
 * sweeper grades attempts past their deadline as EXPIRED with the answers they have, and an
 * attempt is graded and announced once however many submits (and sweeps) race for it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEnvelope } from '#platform/events/envelope.ts';
import { errorCode } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import {
  ANSWER,
  answer,
  answerAll,
  ATTEMPT_FIELDS,
  createCourse,
  enroll,
  publishedQuiz,
  recordEvents,
  RIGHT,
  start,
  START,
  submit,
  SUBMIT,
  type Attempt,
  type Course,
} from './support.ts';

let platform: TestStack;
let author: TestUser;
let learner: TestUser;
let course: Course;
let events: ReturnType<typeof recordEvents>;

const readAttempt = async (id: string, token = learner.accessToken) =>
  (
    await platform.data<{ quizAttempt: Attempt }>(
      `query A($id: ID!) { quizAttempt(id: $id) { ${ATTEMPT_FIELDS} } }`,
      { id },
      token,
    )
  ).quizAttempt;
const sleepUntil = (deadline: string | null) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(deadline!).getTime() - Date.now()) + 100));

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'courses', 'quizzes'], env: { QUIZ_EXPIRY_SWEEP_MS: '200' } });
  events = recordEvents(platform);
  author = await platform.signUp('INSTRUCTOR', 'Timed Author');
  learner = await platform.signUp('STUDENT', 'Timed Learner');
  course = await createCourse(platform, author, 1);
  await enroll(platform, learner, course.id);
});
afterAll(async () => {
  events?.stop();
  await platform?.close();
});

describe('deadlines', () => {
  it('sets the deadline from the time limit and refuses answers after it with DEADLINE_PASSED', async () => {
    const quiz = await publishedQuiz(platform, author, course, { lessonId: null, timeLimitSeconds: 3 });
    const attempt = await start(platform, learner, quiz.id);
    expect(new Date(attempt.deadline!).getTime() - new Date(attempt.startedAt).getTime()).toBe(3_000);
    const [first, second] = attempt.answers.map((item) => item.question);
    await answer(platform, learner, attempt.id, first!.id, RIGHT[first!.kind]!);
    await sleepUntil(attempt.deadline);
    const late = await platform.gql(
      ANSWER,
      { attemptId: attempt.id, questionId: second!.id, answer: RIGHT[second!.kind] },
      learner.accessToken,
    );
    expect(errorCode(late)).toBe('DEADLINE_PASSED');
    expect(late.errors![0]!.extensions!.deadline).toBe(attempt.deadline);
    // Graded with what it had: the first question (2 of 10 points).
    const expired = await eventually(async () => {
      const current = await readAttempt(attempt.id);
      return current.status === 'EXPIRED' ? current : undefined;
    });
    expect(expired).toMatchObject({ status: 'EXPIRED', submittedAt: null, score: 20, passed: false });
    expect(expired.answers.map((item) => item.correct)).toEqual([true, false, false, false, false, false]);
    expect(expired.answers[1]!.selected).toEqual([]);
  });

  it('grades an attempt left alone as EXPIRED once its deadline passes (the sweeper), announced once', async () => {
    const quiz = await publishedQuiz(platform, author, course, { lessonId: null, timeLimitSeconds: 5, passingScore: 50 });
    const attempt = await start(platform, learner, quiz.id);
    await answerAll(platform, learner, attempt, ['SINGLE_CHOICE', 'MULTIPLE_CHOICE']);
    const expired = await eventually(async () => {
      const current = await readAttempt(attempt.id);
      return current.status === 'EXPIRED' ? current : undefined;
    }, 20_000);
    expect(expired).toMatchObject({ score: 60, passed: true, submittedAt: null });
    const submitted = await eventually(async () => events.named('QUIZ_SUBMITTED', { attemptId: attempt.id })[0]);
    expect(submitted.payload).toMatchObject({ expired: true, score: 60, passed: true, attemptNumber: 1 });
    await eventually(async () => events.named('QUIZ_PASSED', { attemptId: attempt.id })[0]);
    // Submitting an expired attempt returns its grade; answering it is refused as past its deadline.
    expect(await submit(platform, learner, attempt.id)).toMatchObject({ status: 'EXPIRED', score: 60 });
    const questionId = attempt.answers[0]!.question.id;
    const late = await platform.gql(ANSWER, { attemptId: attempt.id, questionId, answer: ['A'] }, learner.accessToken);
    expect(errorCode(late)).toBe('DEADLINE_PASSED');
    expect(late.errors![0]!.extensions!.deadline).toBe(attempt.deadline);
    expect(events.named('QUIZ_SUBMITTED', { attemptId: attempt.id })).toHaveLength(1);
  });

  it('starts a new attempt when the one in progress has expired', async () => {
    const quiz = await publishedQuiz(platform, author, course, { lessonId: null, timeLimitSeconds: 1, maxAttempts: 2 });
    const first = await start(platform, learner, quiz.id);
    await sleepUntil(first.deadline);
    const second = await start(platform, learner, quiz.id);
    expect(second.number).toBe(2);
    expect((await readAttempt(first.id)).status).toBe('EXPIRED');
  });
});

describe('an enrollment that ends during a timed attempt', () => {
  it('refuses answers and submission; the sweeper grades it EXPIRED with the answers given while enrolled', async () => {
    // Long enough for the refusals below to come before the deadline on a busy machine.
    const quiz = await publishedQuiz(platform, author, course, { lessonId: null, timeLimitSeconds: 10 });
    const buyer = await platform.signUp('STUDENT', 'Refunded Timed Learner');
    await enroll(platform, buyer, course.id);
    const attempt = await start(platform, buyer, quiz.id);
    const [first, second] = attempt.answers.map((item) => item.question);
    await answer(platform, buyer, attempt.id, first!.id, RIGHT[first!.kind]!);
    const ended = { enrollmentId: randomUUID(), userId: buyer.id, courseId: course.id, reason: 'REFUNDED' as const };
    await platform.runtime.eventBus().publish(createEnvelope('ENROLLMENT_ENDED', ended, 'courses'));
    await eventually(
      async () =>
        errorCode(await platform.gql(START, { quizId: quiz.id }, buyer.accessToken)) === 'FORBIDDEN' ? true : undefined,
      5_000,
      'the end of the enrollment known to quizzes',
    );
    const late = { attemptId: attempt.id, questionId: second!.id, answer: RIGHT[second!.kind] };
    expect(errorCode(await platform.gql(ANSWER, late, buyer.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(SUBMIT, { attemptId: attempt.id }, buyer.accessToken))).toBe('FORBIDDEN');
    expect(Date.now()).toBeLessThan(new Date(attempt.deadline!).getTime());
    expect(await readAttempt(attempt.id, buyer.accessToken)).toMatchObject({ status: 'IN_PROGRESS', score: null });

    // Graded as any attempt left alone: the first answer only (2 of 10 points), announced once.
    const expired = await eventually(async () => {
      const current = await readAttempt(attempt.id, buyer.accessToken);
      return current.status === 'EXPIRED' ? current : undefined;
    }, 20_000);
    expect(expired).toMatchObject({ submittedAt: null, score: 20, passed: false });
    expect(expired.answers.map((item) => item.selected.length > 0)).toEqual([true, false, false, false, false, false]);
    const submitted = await eventually(async () => events.named('QUIZ_SUBMITTED', { attemptId: attempt.id })[0]);
    expect(submitted.payload).toMatchObject({ expired: true, score: 20, passed: false });
    // Graded, it answers as other graded attempts do: submitting returns the grade, answering is too late.
    expect(await submit(platform, buyer, attempt.id)).toMatchObject({ status: 'EXPIRED', score: 20 });
    expect(errorCode(await platform.gql(ANSWER, late, buyer.accessToken))).toBe('DEADLINE_PASSED');
    expect(events.named('QUIZ_SUBMITTED', { attemptId: attempt.id })).toHaveLength(1);
  });
});

describe('grading once', () => {
  it('grades parallel submits of one attempt once and publishes once', async () => {
    const quiz = await publishedQuiz(platform, author, course, { lessonId: null });
    const attempt = await start(platform, learner, quiz.id);
    await answerAll(platform, learner, attempt, ['CODE']);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        platform.gql<{ submitQuizAttempt: Attempt }>(SUBMIT, { attemptId: attempt.id }, learner.accessToken),
      ),
    );
    expect(results.map((result) => result.errors ?? null)).toEqual(results.map(() => null));
    const graded = results.map((result) => result.data!.submitQuizAttempt);
    expect(new Set(graded.map((each) => `${each.status}:${each.score}:${each.submittedAt}`)).size).toBe(1);
    expect(graded[0]).toMatchObject({ status: 'SUBMITTED', score: 80, passed: true });
    await eventually(async () => events.named('QUIZ_PASSED', { attemptId: attempt.id })[0]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(events.named('QUIZ_SUBMITTED', { attemptId: attempt.id })).toHaveLength(1);
    expect(events.named('QUIZ_PASSED', { attemptId: attempt.id })).toHaveLength(1);
  });

  it('grades once when submits race the sweeper at the deadline, and an answer racing them commits before or not at all', async () => {
    // Long enough to answer on a busy machine; the calls below are timed against the deadline.
    const quiz = await publishedQuiz(platform, author, course, { lessonId: null, timeLimitSeconds: 5 });
    const attempt = await start(platform, learner, quiz.id);
    await answerAll(platform, learner, attempt, ['SHORT_TEXT']);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(attempt.deadline!).getTime() - Date.now() - 60)));
    const short = attempt.answers.find((item) => item.question.kind === 'SHORT_TEXT')!.question;
    const calls = await Promise.all([
      ...Array.from({ length: 4 }, () =>
        platform.gql<{ submitQuizAttempt: Attempt }>(SUBMIT, { attemptId: attempt.id }, learner.accessToken),
      ),
      platform.gql(ANSWER, { attemptId: attempt.id, questionId: short.id, answer: ['def'] }, learner.accessToken),
    ]);
    const answered = calls.at(-1)!;
    // The late answer either made it in before the grading, or was refused: never lost silently.
    expect([undefined, 'BAD_USER_INPUT', 'DEADLINE_PASSED']).toContain(errorCode(answered));
    const final = await eventually(async () => {
      const current = await readAttempt(attempt.id);
      return current.status !== 'IN_PROGRESS' ? current : undefined;
    });
    const shortAnswer = final.answers.find((item) => item.question.id === short.id)!;
    expect(shortAnswer.correct).toBe(errorCode(answered) === undefined && shortAnswer.selected[0] === 'def');
    for (const call of calls.slice(0, 4)) expect(call.errors ?? null).toBeNull();
    await eventually(async () => events.named('QUIZ_SUBMITTED', { attemptId: attempt.id })[0]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(events.named('QUIZ_SUBMITTED', { attemptId: attempt.id })).toHaveLength(1);
  });
});
