/**
 * The quizzes subgraph through the gateway, on real Postgres and NATS: authoring by the course's
 * owner, publication, a learner taking a quiz (one wrong answer), its score and pass, the events
 * it publishes, what learners never see, max attempts, stable shuffling, question versions, and
 * hostile input.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEnvelope } from '#platform/events/envelope.ts';
import { errorCode, signIn, testAdmin, adminEnv } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import {
  ADD_QUESTION,
  addQuestions,
  ANSWER,
  answer,
  answerAll,
  ATTEMPT_FIELDS,
  CREATE_QUIZ,
  createCourse,
  createQuiz,
  enroll,
  PUBLISH,
  publishedQuiz,
  QUESTIONS,
  recordEvents,
  REMOVE_QUESTION,
  RIGHT,
  start,
  START,
  submit,
  SUBMIT,
  UPDATE_QUESTION,
  type Attempt,
  type Course,
  type Quiz,
} from './support.ts';

const ADMIN = testAdmin();
let platform: TestStack;
let author: TestUser;
let otherAuthor: TestUser;
let learner: TestUser;
let stranger: TestUser;
let adminToken: string;
let course: Course;
let events: ReturnType<typeof recordEvents>;

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'courses', 'quizzes'], env: adminEnv(ADMIN) });
  events = recordEvents(platform);
  [author, otherAuthor, learner, stranger] = await Promise.all([
    platform.signUp('INSTRUCTOR', 'Quiz Author'),
    platform.signUp('INSTRUCTOR', 'Other Author'),
    platform.signUp('STUDENT', 'Quiz Taker'),
    platform.signUp('STUDENT', 'Not Enrolled'),
  ]);
  adminToken = await signIn(platform, ADMIN.email, ADMIN.password);
  course = await createCourse(platform, author, 3);
  await enroll(platform, learner, course.id);
});
afterAll(async () => {
  events?.stop();
  await platform?.close();
});

describe('authoring', () => {
  it("lets the course's owner create a draft quiz on a lesson, with its settings", async () => {
    const quiz = await createQuiz(platform, author.accessToken, {
      courseId: course.id,
      lessonId: course.lessonIds[1],
      title: '  Lesson two check  ',
      passingScore: 80,
      timeLimitSeconds: 600,
      maxAttempts: 3,
      shuffleQuestions: true,
      required: true,
    });
    expect(quiz).toMatchObject({
      title: 'Lesson two check',
      description: '',
      passingScore: 80,
      timeLimitSeconds: 600,
      maxAttempts: 3,
      shuffleQuestions: true,
      required: true,
      status: 'DRAFT',
      questionCount: 0,
      totalPoints: 0,
      course: { id: course.id },
      lesson: { id: course.lessonIds[1] },
    });
    // One quiz per lesson.
    const again = await platform.gql(
      CREATE_QUIZ,
      { input: { courseId: course.id, lessonId: course.lessonIds[1], title: 'Twice' } },
      author.accessToken,
    );
    expect(errorCode(again)).toBe('CONFLICT');
    // Twins at once on a free lesson: one quiz, one CONFLICT.
    const twin = await createCourse(platform, author, 2);
    await createQuiz(platform, author.accessToken, { courseId: twin.id, lessonId: twin.lessonIds[1], title: 'Warm-up' });
    const twins = await Promise.all(
      [1, 2].map((index) =>
        platform.gql(
          CREATE_QUIZ,
          { input: { courseId: twin.id, lessonId: twin.lessonIds[0], title: `Twin ${index}` } },
          author.accessToken,
        ),
      ),
    );
    expect(twins.map(errorCode).sort()).toEqual(['CONFLICT', undefined]);
  });

  it('refuses other instructors, learners and the anonymous; admins may author any course', async () => {
    const input = { courseId: course.id, title: 'Not mine' };
    expect(errorCode(await platform.gql(CREATE_QUIZ, { input }, otherAuthor.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(CREATE_QUIZ, { input }, learner.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(CREATE_QUIZ, { input }))).toBe('UNAUTHENTICATED');
    const byAdmin = await platform.data<{ createQuiz: Quiz }>(
      CREATE_QUIZ,
      { input: { ...input, title: 'Admin quiz' } },
      adminToken,
    );
    expect(byAdmin.createQuiz).toMatchObject({ status: 'DRAFT', passingScore: 70, maxAttempts: null, timeLimitSeconds: null });
  });

  it('refuses unknown courses and lessons, lessons of another course, and out-of-range settings', async () => {
    const other = await createCourse(platform, otherAuthor, 1);
    await createQuiz(platform, otherAuthor.accessToken, { courseId: other.id, title: 'Known course' });
    const base = { courseId: course.id, title: 'Checks' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, courseId: 'no-such-course' }, 'NOT_FOUND'],
      [{ ...base, lessonId: 'no-such-lesson' }, 'NOT_FOUND'],
      [{ ...base, lessonId: other.lessonIds[0] }, 'BAD_USER_INPUT'],
      [{ ...base, title: 'x' }, 'BAD_USER_INPUT'],
      [{ ...base, title: 'y'.repeat(201) }, 'BAD_USER_INPUT'],
      [{ ...base, passingScore: 101 }, 'BAD_USER_INPUT'],
      [{ ...base, passingScore: -1 }, 'BAD_USER_INPUT'],
      [{ ...base, timeLimitSeconds: 0 }, 'BAD_USER_INPUT'],
      [{ ...base, timeLimitSeconds: 2_000_000_000 }, 'BAD_USER_INPUT'],
      [{ ...base, maxAttempts: 0 }, 'BAD_USER_INPUT'],
      [{ ...base, courseId: 'x'.repeat(500) }, 'BAD_USER_INPUT'],
      [{ ...base, courseId: 'bad\u0000id' }, 'BAD_USER_INPUT'],
      [{ ...base, title: 'Bell\u0007 quiz' }, 'BAD_USER_INPUT'],
    ];
    for (const [input, code] of cases) {
      expect({ input, code: errorCode(await platform.gql(CREATE_QUIZ, { input }, author.accessToken)) }).toEqual({ input, code });
    }
  });

  it('validates questions with the rules that grade learners', async () => {
    const quiz = await createQuiz(platform, author.accessToken, { courseId: course.id, title: 'Question checks' });
    const bad: Array<Record<string, unknown>> = [
      { kind: 'SINGLE_CHOICE', prompt: 'One choice only', choices: ['a'], acceptedAnswers: ['A'] },
      { kind: 'SINGLE_CHOICE', prompt: 'Two right', choices: ['a', 'b'], acceptedAnswers: ['A', 'B'] },
      { kind: 'SINGLE_CHOICE', prompt: 'Not offered', choices: ['a', 'b'], acceptedAnswers: ['C'] },
      { kind: 'SINGLE_CHOICE', prompt: 'Repeated', choices: ['a', 'A '], acceptedAnswers: ['A'] },
      { kind: 'MULTIPLE_CHOICE', prompt: 'All right', choices: ['a', 'b'], acceptedAnswers: ['A', 'B'] },
      { kind: 'TRUE_FALSE', prompt: 'Maybe', acceptedAnswers: ['maybe'] },
      { kind: 'TRUE_FALSE', prompt: 'With choices', choices: ['yes', 'no'], acceptedAnswers: ['true'] },
      { kind: 'NUMERIC', prompt: 'Ambiguous', acceptedAnswers: ['1,000'] },
      { kind: 'NUMERIC', prompt: 'Negative tolerance', acceptedAnswers: ['1'], tolerance: -1 },
      { kind: 'SHORT_TEXT', prompt: 'Tolerance elsewhere', acceptedAnswers: ['x'], tolerance: 1 },
      { kind: 'CODE', prompt: 'Broken code', acceptedAnswers: ['def f(:'] },
      { kind: 'CODE', prompt: 'Slow pattern', acceptedAnswers: ['re:(a+)+$'] },
      { kind: 'CODE', prompt: 'Nothing accepted', acceptedAnswers: [] },
      { kind: 'SHORT_TEXT', prompt: ' ', acceptedAnswers: ['x'] },
      { kind: 'SHORT_TEXT', prompt: 'Too many points', acceptedAnswers: ['x'], points: 101 },
      { kind: 'SHORT_TEXT', prompt: 'No points', acceptedAnswers: ['x'], points: 0 },
    ];
    for (const input of bad) {
      const result = await platform.gql(ADD_QUESTION, { quizId: quiz.id, input }, author.accessToken);
      expect({ prompt: input.prompt, code: errorCode(result) }).toEqual({ prompt: input.prompt, code: 'BAD_USER_INPUT' });
    }
    const question = QUESTIONS[0];
    expect(errorCode(await platform.gql(ADD_QUESTION, { quizId: 'nope', input: question }, author.accessToken))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await platform.gql(ADD_QUESTION, { quizId: quiz.id, input: question }, otherAuthor.accessToken))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await platform.gql(ADD_QUESTION, { quizId: quiz.id, input: question }, learner.accessToken))).toBe(
      'NOT_FOUND',
    );
  });

  it('stores accepted answers canonically and shows them to the owner and admins', async () => {
    const quiz = await createQuiz(platform, author.accessToken, { courseId: course.id, title: 'Canonical answers' });
    const added = await platform.data<{ addQuestion: Record<string, unknown> }>(
      ADD_QUESTION,
      { quizId: quiz.id, input: QUESTIONS[1] },
      author.accessToken,
    );
    expect(added.addQuestion).toMatchObject({
      version: 1,
      kind: 'MULTIPLE_CHOICE',
      choices: [
        { label: 'A', text: 'str' },
        { label: 'B', text: 'list' },
        { label: 'C', text: 'dict' },
        { label: 'D', text: 'int' },
      ],
      acceptedAnswers: ['A', 'B'],
      points: 2,
    });
    const trueFalse = await platform.data<{ addQuestion: Record<string, unknown> }>(
      ADD_QUESTION,
      { quizId: quiz.id, input: QUESTIONS[2] },
      author.accessToken,
    );
    expect(trueFalse.addQuestion).toMatchObject({
      choices: [
        { label: 'A', text: 'True' },
        { label: 'B', text: 'False' },
      ],
      acceptedAnswers: ['false'],
    });
    const read = `query Q($id: ID!) { quiz(id: $id) { questionCount totalPoints questions { kind acceptedAnswers explanation } } }`;
    for (const token of [author.accessToken, adminToken]) {
      const { quiz: seen } = await platform.data<{ quiz: { questions: Array<{ acceptedAnswers: string[] }> } }>(
        read,
        { id: quiz.id },
        token,
      );
      expect(seen).toMatchObject({ questionCount: 2, totalPoints: 3 });
      expect(seen.questions.map((question) => question.acceptedAnswers)).toEqual([['A', 'B'], ['false']]);
    }
  });

  it('publishes once a quiz has a question, once (QUIZ_PUBLISHED), and hides drafts from everyone else', async () => {
    const quiz = await createQuiz(platform, author.accessToken, {
      courseId: course.id,
      title: 'Draft until ready',
      required: true,
    });
    expect(errorCode(await platform.gql(PUBLISH, { id: quiz.id }, author.accessToken))).toBe('BAD_USER_INPUT');
    const byId = `query Q($id: ID!) { quiz(id: $id) { id status } }`;
    for (const token of [learner.accessToken, otherAuthor.accessToken, undefined]) {
      expect(errorCode(await platform.gql(byId, { id: quiz.id }, token))).toBe('NOT_FOUND');
    }
    expect(errorCode(await platform.gql(PUBLISH, { id: quiz.id }, otherAuthor.accessToken))).toBe('NOT_FOUND');
    await addQuestions(platform, author.accessToken, quiz.id, [QUESTIONS[0]]);
    // Twice at once: one publication, one event.
    const [first, second] = await Promise.all([
      platform.data<{ publishQuiz: Quiz }>(PUBLISH, { id: quiz.id }, author.accessToken),
      platform.data<{ publishQuiz: Quiz }>(PUBLISH, { id: quiz.id }, author.accessToken),
    ]);
    expect(first.publishQuiz.status).toBe('PUBLISHED');
    expect(second.publishQuiz.status).toBe('PUBLISHED');
    await eventually(async () => (events.named('QUIZ_PUBLISHED', { quizId: quiz.id }).length ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events.named('QUIZ_PUBLISHED', { quizId: quiz.id }).map((event) => event.payload)).toEqual([
      { quizId: quiz.id, courseId: course.id, lessonId: null, title: 'Draft until ready', required: true },
    ]);
    expect((await platform.data<{ quiz: { status: string } }>(byId, { id: quiz.id })).quiz.status).toBe('PUBLISHED');
    // A published quiz keeps a question.
    const { quiz: withQuestions } = await platform.data<{ quiz: { questions: Array<{ id: string }> } }>(
      `query Q($id: ID!) { quiz(id: $id) { questions { id } } }`,
      { id: quiz.id },
      author.accessToken,
    );
    expect(errorCode(await platform.gql(REMOVE_QUESTION, { id: withQuestions.questions[0]!.id }, author.accessToken))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('lists published quizzes on the course and the lesson; drafts only for the owner', async () => {
    const published = await publishedQuiz(platform, author, course, { lessonId: course.lessonIds[2] });
    const query = `query C($id: ID!, $lesson: ID!) { course(id: $id) { quizzes { id status } } lesson(id: $lesson) { quiz { id title } } }`;
    const asLearner = await platform.data<{ course: { quizzes: Quiz[] }; lesson: { quiz: { id: string } } }>(
      query,
      { id: course.id, lesson: course.lessonIds[2] },
      learner.accessToken,
    );
    expect(asLearner.course.quizzes.every((quiz) => quiz.status === 'PUBLISHED')).toBe(true);
    expect(asLearner.course.quizzes.map((quiz) => quiz.id)).toContain(published.id);
    expect(asLearner.lesson.quiz.id).toBe(published.id);
    const asOwner = await platform.data<{ course: { quizzes: Quiz[] } }>(
      query,
      { id: course.id, lesson: course.lessonIds[2] },
      author.accessToken,
    );
    expect(asOwner.course.quizzes.some((quiz) => quiz.status === 'DRAFT')).toBe(true);
    // The lesson of a draft quiz shows no quiz to learners.
    const draftLesson = await platform.data<{ lesson: { quiz: unknown } }>(
      `query L($id: ID!) { lesson(id: $id) { quiz { id } } }`,
      { id: course.lessonIds[1] },
      learner.accessToken,
    );
    expect(draftLesson.lesson.quiz).toBeNull();
  });
});

describe('taking a quiz', () => {
  let quiz: Quiz;
  let attempt: Attempt;
  /** courses' enrollment events, as quizzes' replica hears them, at a time of the test's choosing. */
  const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
  const publish = (event: ReturnType<typeof createEnvelope>) => platform.runtime.eventBus().publish(event);

  beforeAll(async () => {
    quiz = await publishedQuiz(platform, author, course);
  });

  it('refuses learners who are not enrolled, and drafts', async () => {
    expect(errorCode(await platform.gql(START, { quizId: quiz.id }, stranger.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(START, { quizId: quiz.id }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(START, { quizId: 'no-such-quiz' }, learner.accessToken))).toBe('NOT_FOUND');
    const draft = await createQuiz(platform, author.accessToken, { courseId: course.id, title: 'Not yet' });
    expect(errorCode(await platform.gql(START, { quizId: draft.id }, learner.accessToken))).toBe('NOT_FOUND');
  });

  it('starts an attempt with every question and nothing graded; starting again returns it', async () => {
    attempt = await start(platform, learner, quiz.id);
    expect(attempt).toMatchObject({
      number: 1,
      status: 'IN_PROGRESS',
      deadline: null,
      submittedAt: null,
      score: null,
      passed: null,
    });
    expect(attempt.answers.map((item) => item.question.kind)).toEqual(QUESTIONS.map((question) => question.kind));
    expect(
      attempt.answers.every((item) => item.selected.length === 0 && item.correct === null && item.question.explanation === null),
    ).toBe(true);
    const again = await Promise.all([start(platform, learner, quiz.id), start(platform, learner, quiz.id)]);
    expect(again.map((each) => each.id)).toEqual([attempt.id, attempt.id]);
  });

  it('records answers in canonical form, replaces them, and refuses hostile ones', async () => {
    const [single, multiple, trueFalse, shortText, numeric, codeQuestion] = attempt.answers.map((item) => item.question);
    let current = await answer(platform, learner, attempt.id, single!.id, ['a']);
    current = await answer(platform, learner, attempt.id, single!.id, ['tuple']);
    expect(current.answers[0]).toMatchObject({ selected: ['B'], correct: null, pointsAwarded: null });
    current = await answer(platform, learner, attempt.id, multiple!.id, ['b', 'str', 'A']);
    expect(current.answers[1]!.selected).toEqual(['A', 'B']);
    // Two answers to one question at once: both recorded in turn, the later one stands.
    const both = await Promise.all([
      answer(platform, learner, attempt.id, single!.id, ['C']),
      answer(platform, learner, attempt.id, single!.id, ['tuple']),
    ]);
    expect(both.map((each) => each.status)).toEqual(['IN_PROGRESS', 'IN_PROGRESS']);
    current = await answer(platform, learner, attempt.id, single!.id, ['tuple']);
    expect(current.answers[0]!.selected).toEqual(['B']);

    // A real question of another published quiz of the course, in an attempt of the same learner.
    const other = await createQuiz(platform, author.accessToken, { courseId: course.id, title: 'Another quiz' });
    const [foreign] = await addQuestions(platform, author.accessToken, other.id, [QUESTIONS[0]]);
    await platform.data(PUBLISH, { id: other.id }, author.accessToken);
    expect((await start(platform, learner, other.id)).answers.map((item) => item.question.id)).toEqual([foreign!.id]);

    // The reason, where the code alone would not tell it from another refusal.
    const EMPTY = /answer must not be empty/;
    const OUTSIDE = /not part of the attempt/;
    const bad: Array<[Record<string, unknown>, string, RegExp?]> = [
      [{ questionId: single!.id, answer: ['E'] }, 'BAD_USER_INPUT'],
      [{ questionId: single!.id, answer: ['A', 'B'] }, 'BAD_USER_INPUT'],
      [{ questionId: single!.id, answer: [] }, 'BAD_USER_INPUT', EMPTY],
      [{ questionId: single!.id, answer: ['   '] }, 'BAD_USER_INPUT', EMPTY],
      [{ questionId: multiple!.id, answer: [] }, 'BAD_USER_INPUT', EMPTY],
      [{ questionId: multiple!.id, answer: ['', ' '] }, 'BAD_USER_INPUT', EMPTY],
      [{ questionId: shortText!.id, answer: [] }, 'BAD_USER_INPUT', EMPTY],
      [{ questionId: shortText!.id, answer: [' \t '] }, 'BAD_USER_INPUT', EMPTY],
      [{ questionId: numeric!.id, answer: [] }, 'BAD_USER_INPUT', EMPTY],
      [{ questionId: numeric!.id, answer: [''] }, 'BAD_USER_INPUT', EMPTY],
      [{ questionId: codeQuestion!.id, answer: [] }, 'BAD_USER_INPUT', EMPTY],
      [{ questionId: codeQuestion!.id, answer: ['\n  \n'] }, 'BAD_USER_INPUT', EMPTY],
      [{ questionId: multiple!.id, answer: ['A', 'frozenset'] }, 'BAD_USER_INPUT'],
      [{ questionId: trueFalse!.id, answer: ['perhaps'] }, 'BAD_USER_INPUT'],
      [{ questionId: numeric!.id, answer: ['pi'] }, 'BAD_USER_INPUT'],
      [{ questionId: numeric!.id, answer: ['x'.repeat(10_001)] }, 'BAD_USER_INPUT'],
      [{ questionId: numeric!.id, answer: Array.from({ length: 9 }, () => '1') }, 'BAD_USER_INPUT'],
      [{ questionId: numeric!.id, answer: ['1\u0000'] }, 'BAD_USER_INPUT'],
      [{ questionId: 'not-in-attempt', answer: ['A'] }, 'BAD_USER_INPUT', OUTSIDE],
      [{ questionId: foreign!.id, answer: ['B'] }, 'BAD_USER_INPUT', OUTSIDE],
      [{ questionId: 'q\u0001', answer: ['A'] }, 'BAD_USER_INPUT'],
      [{ attemptId: 'no-such-attempt', questionId: single!.id, answer: ['A'] }, 'NOT_FOUND'],
      [{ attemptId: 'z'.repeat(200), questionId: single!.id, answer: ['A'] }, 'BAD_USER_INPUT'],
    ];
    for (const [variables, code, reason] of bad) {
      const result = await platform.gql(ANSWER, { attemptId: attempt.id, ...variables }, learner.accessToken);
      const message = result.errors?.[0]?.message ?? '';
      const label = JSON.stringify(variables).slice(0, 120);
      expect({ variables: label, code: errorCode(result), reason: !reason || reason.test(message) || message }).toEqual({
        variables: label,
        code,
        reason: true,
      });
    }
    // Another learner's attempt does not exist for them, for answers and submission alike.
    expect(
      errorCode(
        await platform.gql(ANSWER, { attemptId: attempt.id, questionId: single!.id, answer: ['A'] }, stranger.accessToken),
      ),
    ).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(SUBMIT, { attemptId: attempt.id }, stranger.accessToken))).toBe('NOT_FOUND');
    expect(
      errorCode(
        await platform.gql(`query A($id: ID!) { quizAttempt(id: $id) { id } }`, { id: attempt.id }, stranger.accessToken),
      ),
    ).toBe('NOT_FOUND');
  });

  it('scores one wrong answer out of six: 90, passed; QUIZ_SUBMITTED and QUIZ_PASSED', async () => {
    await answerAll(platform, learner, attempt, ['SHORT_TEXT']);
    const graded = await submit(platform, learner, attempt.id);
    // 10 points in all; the wrong SHORT_TEXT answer was worth 1.
    expect(graded).toMatchObject({ status: 'SUBMITTED', score: 90, passed: true });
    expect(graded.submittedAt).not.toBeNull();
    expect(graded.answers.map((item) => [item.question.kind, item.correct, item.pointsAwarded])).toEqual([
      ['SINGLE_CHOICE', true, 2],
      ['MULTIPLE_CHOICE', true, 2],
      ['TRUE_FALSE', true, 1],
      ['SHORT_TEXT', false, 0],
      ['NUMERIC', true, 2],
      ['CODE', true, 2],
    ]);
    // Explanations appear once graded.
    expect(graded.answers[0]!.question.explanation).toBe('A tuple cannot change once built.');
    const submitted = await eventually(async () => events.named('QUIZ_SUBMITTED', { attemptId: attempt.id })[0]);
    expect(submitted.payload).toEqual({
      attemptId: attempt.id,
      userId: learner.id,
      quizId: quiz.id,
      courseId: course.id,
      score: 90,
      passed: true,
      expired: false,
      attemptNumber: 1,
    });
    const passed = await eventually(async () => events.named('QUIZ_PASSED', { attemptId: attempt.id })[0]);
    expect(passed.payload).toEqual({
      attemptId: attempt.id,
      userId: learner.id,
      quizId: quiz.id,
      courseId: course.id,
      quizTitle: quiz.title,
      score: 90,
      attemptNumber: 1,
      required: false,
    });
  });

  it('refuses answers to a submitted attempt; submitting again returns the grade', async () => {
    const questionId = attempt.answers[0]!.question.id;
    expect(errorCode(await platform.gql(ANSWER, { attemptId: attempt.id, questionId, answer: ['A'] }, learner.accessToken))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await submit(platform, learner, attempt.id)).toMatchObject({ status: 'SUBMITTED', score: 90 });
  });

  it('a second pass is not a first pass: no second QUIZ_PASSED', async () => {
    const second = await start(platform, learner, quiz.id);
    expect(second.number).toBe(2);
    await answerAll(platform, learner, second);
    expect(await submit(platform, learner, second.id)).toMatchObject({ score: 100, passed: true });
    await eventually(async () => events.named('QUIZ_SUBMITTED', { attemptId: second.id })[0]);
    expect(events.named('QUIZ_PASSED', { quizId: quiz.id, userId: learner.id })).toHaveLength(1);
  });

  it('stops new attempts when the enrollment ends (a refund), resumes them when it reopens, ignores late old news', async () => {
    const buyer = await platform.signUp('STUDENT', 'Refunded Buyer');
    await enroll(platform, buyer, course.id);
    const first = await start(platform, buyer, quiz.id);
    await submit(platform, buyer, first.id);
    const enrollment = { enrollmentId: randomUUID(), userId: buyer.id, courseId: course.id };
    const startCode = async () => errorCode(await platform.gql(START, { quizId: quiz.id }, buyer.accessToken));

    await publish({ ...createEnvelope('ENROLLMENT_ENDED', { ...enrollment, reason: 'REFUNDED' }, 'courses'), occurredAt: at(0) });
    await eventually(async () => ((await startCode()) === 'FORBIDDEN' ? true : undefined), 10_000, 'attempts refused');
    // An ENROLLMENT_CREATED older than the end, delivered late, does not reopen it.
    await publish({ ...createEnvelope('ENROLLMENT_CREATED', enrollment, 'courses'), occurredAt: at(-60_000) });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await startCode()).toBe('FORBIDDEN');
    // Reopened (bought again): attempts resume.
    await publish({ ...createEnvelope('ENROLLMENT_CREATED', enrollment, 'courses'), occurredAt: at(1_000) });
    const again = await start(platform, buyer, quiz.id);
    expect(again.number).toBe(2);
  });

  it('refuses answers and submission of an attempt in progress once the enrollment ends; it resumes when it reopens', async () => {
    const buyer = await platform.signUp('STUDENT', 'Refunded Mid-Attempt');
    await enroll(platform, buyer, course.id);
    const running = await start(platform, buyer, quiz.id);
    const [last, ...others] = [...running.answers].reverse().map((item) => item.question);
    // Everything right but the last question while enrolled: the last answer would make it 100.
    for (const question of others) await answer(platform, buyer, running.id, question.id, RIGHT[question.kind]!);
    const enrollment = { enrollmentId: randomUUID(), userId: buyer.id, courseId: course.id };
    await publish({ ...createEnvelope('ENROLLMENT_ENDED', { ...enrollment, reason: 'REFUNDED' }, 'courses'), occurredAt: at(0) });
    await eventually(
      async () =>
        errorCode(await platform.gql(START, { quizId: quiz.id }, buyer.accessToken)) === 'FORBIDDEN' ? true : undefined,
      10_000,
      'the end of the enrollment known to quizzes',
    );

    const answered = await platform.gql(
      ANSWER,
      { attemptId: running.id, questionId: last!.id, answer: RIGHT[last!.kind] },
      buyer.accessToken,
    );
    expect(errorCode(answered)).toBe('FORBIDDEN');
    expect(answered.data ?? null).toBeNull();
    const submitted = await platform.gql(SUBMIT, { attemptId: running.id }, buyer.accessToken);
    expect(errorCode(submitted)).toBe('FORBIDDEN');
    expect(submitted.data ?? null).toBeNull();
    // Neither changed the attempt: still in progress, ungraded, the last question unanswered.
    const { quizAttempt: held } = await platform.data<{ quizAttempt: Attempt }>(
      `query A($id: ID!) { quizAttempt(id: $id) { ${ATTEMPT_FIELDS} } }`,
      { id: running.id },
      buyer.accessToken,
    );
    expect(held).toMatchObject({ status: 'IN_PROGRESS', submittedAt: null, score: null, passed: null });
    expect(held.answers.find((item) => item.question.id === last!.id)!.selected).toEqual([]);

    // Enrolled again: the same attempt goes on and is graded.
    await publish({ ...createEnvelope('ENROLLMENT_CREATED', enrollment, 'courses'), occurredAt: at(1_000) });
    expect((await start(platform, buyer, quiz.id)).id).toBe(running.id);
    await answer(platform, buyer, running.id, last!.id, RIGHT[last!.kind]!);
    expect(await submit(platform, buyer, running.id)).toMatchObject({ status: 'SUBMITTED', score: 100, passed: true });
  });

  it("lists the learner's attempts for themself and admins only", async () => {
    const me = `query Me($quizId: ID) { me { id quizAttempts(quizId: $quizId) { number status quiz { id } } } }`;
    const { me: viewer } = await platform.data<{ me: { quizAttempts: Array<{ number: number; quiz: { id: string } }> } }>(
      me,
      { quizId: quiz.id },
      learner.accessToken,
    );
    expect(viewer.quizAttempts.map((each) => each.number)).toEqual([2, 1]);
    expect(viewer.quizAttempts.every((each) => each.quiz.id === quiz.id)).toBe(true);
    const other = `query U($id: ID!) { user(id: $id) { quizAttempts { id } } }`;
    const asStranger = await platform.gql<{ user: { quizAttempts: unknown } }>(other, { id: learner.id }, stranger.accessToken);
    expect(errorCode(asStranger)).toBe('FORBIDDEN');
    expect(asStranger.data?.user?.quizAttempts ?? null).toBeNull();
    const asAdmin = await platform.data<{ user: { quizAttempts: unknown[] } }>(other, { id: learner.id }, adminToken);
    expect(asAdmin.user.quizAttempts.length).toBeGreaterThanOrEqual(2);
  });
});

describe('what learners never see', () => {
  it('accepted answers and tolerances: not on the quiz, not in attempts, not after submission', async () => {
    const ownCourse = await createCourse(platform, author, 1);
    await enroll(platform, learner, ownCourse.id);
    const quiz = await publishedQuiz(platform, author, ownCourse);
    const attempt = await start(platform, learner, quiz.id);
    const questionId = attempt.answers[0]!.question.id;
    const secretFields = `acceptedAnswers tolerance`;
    const paths = [
      [`query Q($id: ID!) { quiz(id: $id) { questions { id ${secretFields} } } }`, { id: quiz.id }],
      [`query Q($id: ID!) { quiz(id: $id) { questions { id } } }`, { id: quiz.id }],
      [`query L($id: ID!) { lesson(id: $id) { quiz { questions { ${secretFields} } } } }`, { id: ownCourse.lessonIds[0] }],
      [`query C($id: ID!) { course(id: $id) { quizzes { questions { ${secretFields} } } } }`, { id: ownCourse.id }],
      [`query A($id: ID!) { quizAttempt(id: $id) { answers { question { ${secretFields} } } } }`, { id: attempt.id }],
      [`mutation S($id: ID!) { startQuizAttempt(quizId: $id) { answers { question { ${secretFields} } } } }`, { id: quiz.id }],
      [`query R($id: ID!) { quizResults(quizId: $id) { questions { question { ${secretFields} } } } }`, { id: quiz.id }],
      [`query M { me { quizAttempts { answers { question { ${secretFields} } } } } }`, {}],
    ] as Array<readonly [string, Record<string, unknown>]>;
    const answering = [
      `mutation A($a: ID!, $q: ID!) { answerQuestion(attemptId: $a, questionId: $q, answer: ["B"]) { answers { question { ${secretFields} } } } }`,
      { a: attempt.id, q: questionId },
    ] as const;
    const submitting = [
      `mutation S($a: ID!) { submitQuizAttempt(attemptId: $a) { answers { question { ${secretFields} } } } }`,
      { a: attempt.id },
    ] as const;
    const check = async (when: string, more: Array<readonly [string, Record<string, unknown>]>) => {
      for (const [query, variables] of [...paths, ...more]) {
        const result = await platform.gql(query, variables, learner.accessToken);
        expect({ when, query, code: errorCode(result) }).toEqual({ when, query, code: 'FORBIDDEN' });
        expect(JSON.stringify(result.data ?? {})).not.toMatch(/age = 25|3\.14159|"false"|tuple"\]/);
      }
    };
    await check('in progress', [answering]);
    await answerAll(platform, learner, attempt);
    await platform.data(
      `mutation S($id: ID!) { submitQuizAttempt(attemptId: $id) { ${ATTEMPT_FIELDS} } }`,
      { id: attempt.id },
      learner.accessToken,
    );
    await check('after submission', [submitting]);
    // The same selection without the secret fields works, and the answers are the learner's own.
    const own = await platform.data<{ quizAttempt: { answers: Array<{ selected: string[] }> } }>(
      `query A($id: ID!) { quizAttempt(id: $id) { answers { selected question { prompt explanation } } } }`,
      { id: attempt.id },
      learner.accessToken,
    );
    expect(own.quizAttempt.answers.map((item) => item.selected)).toEqual([
      ['B'],
      ['A', 'B'],
      ['false'],
      ['DEF'],
      ['3,14'],
      ['age=25'],
    ]);
  });
});

describe('attempt limits, shuffling and versions', () => {
  it('allows maxAttempts attempts and no more, even when asked for at once', async () => {
    const quiz = await publishedQuiz(platform, author, course, { lessonId: null, maxAttempts: 2 });
    for (const expected of [1, 2]) {
      const attempt = await start(platform, learner, quiz.id);
      expect(attempt.number).toBe(expected);
      await submit(platform, learner, attempt.id);
    }
    const third = await Promise.all([1, 2, 3].map(() => platform.gql(START, { quizId: quiz.id }, learner.accessToken)));
    expect(third.map(errorCode)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(third[0]!.errors![0]!.message).toMatch(/No attempts left/);
  });

  it('shuffles each attempt once, by its id: the same order on every reload', async () => {
    const many = Array.from({ length: 8 }, (_, index) => ({
      kind: 'SHORT_TEXT',
      prompt: `Question ${index + 1}`,
      acceptedAnswers: [`a${index}`],
    }));
    const quiz = await publishedQuiz(platform, author, course, { lessonId: null, shuffleQuestions: true }, many);
    const attempt = await start(platform, learner, quiz.id);
    const order = attempt.answers.map((item) => item.question.prompt);
    expect([...order].sort()).toEqual(many.map((question) => question.prompt).sort());
    const reload = await start(platform, learner, quiz.id);
    expect(reload.answers.map((item) => item.question.prompt)).toEqual(order);
    const read = await platform.data<{ quizAttempt: { answers: Array<{ question: { prompt: string } }> } }>(
      `query A($id: ID!) { quizAttempt(id: $id) { answers { question { prompt } } } }`,
      { id: attempt.id },
      learner.accessToken,
    );
    expect(read.quizAttempt.answers.map((item) => item.question.prompt)).toEqual(order);
    // Another learner gets an order of their own (8! orders: the same one by chance is negligible).
    const other = await platform.signUp('STUDENT', 'Second Learner');
    await enroll(platform, other, course.id);
    const theirs = await start(platform, other, quiz.id);
    expect(theirs.answers.map((item) => item.question.prompt)).not.toEqual(order);
  });

  it('edits questions in place until the first attempt, then makes versions that old attempts do not see', async () => {
    const quiz = await createQuiz(platform, author.accessToken, { courseId: course.id, title: 'Versioned' });
    const [question] = await addQuestions(platform, author.accessToken, quiz.id, [
      { kind: 'SHORT_TEXT', prompt: 'Which keyword defines a function?', acceptedAnswers: ['def'] },
    ]);
    const edit = (id: string, prompt: string, accepted: string) =>
      platform.gql<{ updateQuestion: { id: string; version: number; prompt: string } }>(
        UPDATE_QUESTION,
        { id, input: { kind: 'SHORT_TEXT', prompt, acceptedAnswers: [accepted] } },
        author.accessToken,
      );
    const inPlace = await edit(question!.id, 'Which keyword starts a function definition?', 'def');
    expect(inPlace.data!.updateQuestion).toMatchObject({ id: question!.id, version: 1 });
    await platform.data(PUBLISH, { id: quiz.id }, author.accessToken);
    const attempt = await start(platform, learner, quiz.id);
    await answer(platform, learner, attempt.id, question!.id, ['def']);

    const [one, two] = await Promise.all([
      edit(question!.id, 'Version two', 'lambda'),
      edit(question!.id, 'Version two bis', 'lambda'),
    ]);
    const results = [one, two];
    const winner = results.find((result) => !result.errors)!;
    expect(results.filter((result) => result.errors).map(errorCode)).toEqual(['CONFLICT']);
    expect(winner.data!.updateQuestion).toMatchObject({ version: 2 });
    expect(winner.data!.updateQuestion.id).not.toBe(question!.id);
    // The old version can no longer be edited.
    expect(errorCode(await edit(question!.id, 'Too late', 'x'))).toBe('CONFLICT');
    // Each attempt takes answers to its own version only.
    const answerCode = async (attemptId: string, questionId: string) =>
      errorCode(await platform.gql(ANSWER, { attemptId, questionId, answer: ['lambda'] }, learner.accessToken));
    expect(await answerCode(attempt.id, winner.data!.updateQuestion.id)).toBe('BAD_USER_INPUT');

    // The attempt keeps (and is graded on) the version it was given.
    const graded = await submit(platform, learner, attempt.id);
    expect(graded.answers.map((item) => [item.question.id, item.question.prompt, item.correct])).toEqual([
      [question!.id, 'Which keyword starts a function definition?', true],
    ]);
    const next = await start(platform, learner, quiz.id);
    expect(next.answers.map((item) => item.question.id)).toEqual([winner.data!.updateQuestion.id]);
    expect(await answerCode(next.id, question!.id)).toBe('BAD_USER_INPUT');
    const { quiz: current } = await platform.data<{ quiz: { questions: Array<{ id: string; prompt: string }> } }>(
      `query Q($id: ID!) { quiz(id: $id) { questions { id prompt } } }`,
      { id: quiz.id },
      author.accessToken,
    );
    expect(current.questions.map((item) => item.prompt)).toEqual([winner.data!.updateQuestion.prompt]);
  });

  it('removes a question from a quiz with attempts without taking it from them', async () => {
    const quiz = await publishedQuiz(platform, author, course, { lessonId: null });
    const attempt = await start(platform, learner, quiz.id);
    const removed = attempt.answers[0]!.question.id;
    const after = await platform.data<{ removeQuestion: { questionCount: number } }>(
      REMOVE_QUESTION,
      { id: removed },
      author.accessToken,
    );
    expect(after.removeQuestion.questionCount).toBe(QUESTIONS.length - 1);
    await answerAll(platform, learner, attempt);
    const graded = await submit(platform, learner, attempt.id);
    expect(graded.answers).toHaveLength(QUESTIONS.length);
    expect(graded.score).toBe(100);
    expect(errorCode(await platform.gql(REMOVE_QUESTION, { id: removed }, author.accessToken))).toBe('CONFLICT');
    expect(errorCode(await platform.gql(REMOVE_QUESTION, { id: 'no-such-question' }, author.accessToken))).toBe('NOT_FOUND');
    expect(errorCode(await platform.gql(REMOVE_QUESTION, { id: graded.answers[1]!.question.id }, otherAuthor.accessToken))).toBe(
      'FORBIDDEN',
    );
  });
});

it('answers unknown ids with NOT_FOUND and hostile ids with BAD_USER_INPUT, never an internal error', async () => {
  const question = { kind: 'SHORT_TEXT', prompt: 'Which keyword defines a function?', acceptedAnswers: ['def'] };
  // Each operation with its id argument(s) set to `id`, called by whom it would serve with a known id.
  const operations: Array<[string, string, (id: string) => Record<string, unknown>, string | undefined]> = [
    ['quiz', `query Q($id: ID!) { quiz(id: $id) { id } }`, (id) => ({ id }), undefined],
    ['quizAttempt', `query A($id: ID!) { quizAttempt(id: $id) { id } }`, (id) => ({ id }), learner.accessToken],
    ['quizResults', `query R($id: ID!) { quizResults(quizId: $id) { attempts } }`, (id) => ({ id }), author.accessToken],
    ['addQuestion', ADD_QUESTION, (quizId) => ({ quizId, input: question }), author.accessToken],
    ['updateQuestion', UPDATE_QUESTION, (id) => ({ id, input: question }), author.accessToken],
    ['removeQuestion', REMOVE_QUESTION, (id) => ({ id }), author.accessToken],
    ['publishQuiz', PUBLISH, (id) => ({ id }), author.accessToken],
    ['startQuizAttempt', START, (quizId) => ({ quizId }), learner.accessToken],
    ['answerQuestion', ANSWER, (id) => ({ attemptId: id, questionId: id, answer: ['def'] }), learner.accessToken],
    ['submitQuizAttempt', SUBMIT, (attemptId) => ({ attemptId }), learner.accessToken],
  ];
  const ids: Array<[string, string]> = [
    [unique('missing'), 'NOT_FOUND'],
    [randomUUID(), 'NOT_FOUND'],
    ['a\u0000b', 'BAD_USER_INPUT'],
    ['', 'BAD_USER_INPUT'],
    ['x'.repeat(101), 'BAD_USER_INPUT'],
  ];
  for (const [name, query, variables, token] of operations) {
    for (const [id, code] of ids) {
      const result = await platform.gql(query, variables(id), token);
      expect({ name, id: id.slice(0, 40), code: errorCode(result), data: result.data?.[name] ?? null }).toEqual({
        name,
        id: id.slice(0, 40),
        code,
        data: null,
      });
    }
  }
});
