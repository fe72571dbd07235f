/**
 * Item analysis (`quizResults`) for the quiz's owner and admins, and batching: the SQL statements
 * a list costs do not grow with its length.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { adminEnv, errorCode, signIn, testAdmin } from '#gateway/testing/operations.ts';
import { startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import { answerAll, createCourse, enroll, publishedQuiz, start, submit, type Course, type Quiz } from './support.ts';

const ADMIN = testAdmin();
const RESULTS = `query Results($id: ID!) {
  quizResults(quizId: $id) {
    quiz { id } attempts learners passRate averageScore
    questions { question { kind version acceptedAnswers } attempts correctRate averagePoints }
  }
}`;

let platform: TestStack;
let author: TestUser;
let course: Course;
let quiz: Quiz;

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'courses', 'quizzes'], env: adminEnv(ADMIN) });
  author = await platform.signUp('INSTRUCTOR', 'Results Author');
  course = await createCourse(platform, author, 1);
  quiz = await publishedQuiz(platform, author, course, { lessonId: null });
});
afterAll(() => platform?.close());

describe('quizResults', () => {
  let learners: TestUser[];
  let scores: Array<number | null>;

  beforeAll(async () => {
    learners = await Promise.all([1, 2, 3].map((index) => platform.signUp('STUDENT', `Learner ${index}`)));
    for (const learner of learners) await enroll(platform, learner, course.id);
    // Learner 1: everything right (100). Learner 2: SHORT_TEXT wrong (90), then a retry with
    // SHORT_TEXT and CODE wrong (70). Learner 3: submits without answering (0). One attempt in
    // progress, which does not count.
    const [first, second, third] = learners as [TestUser, TestUser, TestUser];
    const take = async (learner: TestUser, wrong: string[] | 'none') => {
      const attempt = await start(platform, learner, quiz.id);
      if (wrong !== 'none') await answerAll(platform, learner, attempt, wrong);
      return submit(platform, learner, attempt.id);
    };
    scores = [];
    for (const [learner, wrong] of [
      [first, []],
      [second, ['SHORT_TEXT']],
      [second, ['SHORT_TEXT', 'CODE']],
      [third, 'none'],
    ] as const) {
      scores.push((await take(learner, wrong === 'none' ? wrong : [...wrong])).score);
    }
    await start(platform, third, quiz.id);
  });

  it('grades the attempts it analyses', () => {
    expect(scores).toEqual([100, 90, 70, 0]);
  });

  it('counts graded attempts, learners, the pass rate, the average score and each question', async () => {
    const { quizResults } = await platform.data<{ quizResults: Record<string, unknown> & { questions: unknown[] } }>(
      RESULTS,
      { id: quiz.id },
      author.accessToken,
    );
    expect(quizResults).toMatchObject({ quiz: { id: quiz.id }, attempts: 4, learners: 3, averageScore: 65 });
    expect(quizResults.passRate).toBeCloseTo(2 / 3, 6);
    expect(quizResults.questions).toEqual([
      {
        question: { kind: 'SINGLE_CHOICE', version: 1, acceptedAnswers: ['B'] },
        attempts: 4,
        correctRate: 0.75,
        averagePoints: 1.5,
      },
      {
        question: { kind: 'MULTIPLE_CHOICE', version: 1, acceptedAnswers: ['A', 'B'] },
        attempts: 4,
        correctRate: 0.75,
        averagePoints: 1.5,
      },
      {
        question: { kind: 'TRUE_FALSE', version: 1, acceptedAnswers: ['false'] },
        attempts: 4,
        correctRate: 0.75,
        averagePoints: 0.75,
      },
      {
        question: { kind: 'SHORT_TEXT', version: 1, acceptedAnswers: ['def'] },
        attempts: 4,
        correctRate: 0.25,
        averagePoints: 0.25,
      },
      {
        question: { kind: 'NUMERIC', version: 1, acceptedAnswers: ['3.14159'] },
        attempts: 4,
        correctRate: 0.75,
        averagePoints: 1.5,
      },
      { question: { kind: 'CODE', version: 1, acceptedAnswers: ['age = 25'] }, attempts: 4, correctRate: 0.5, averagePoints: 1 },
    ]);
  });

  it('is for the owner and admins only', async () => {
    const adminToken = await signIn(platform, ADMIN.email, ADMIN.password);
    const byAdmin = await platform.data<{ quizResults: { attempts: number } }>(RESULTS, { id: quiz.id }, adminToken);
    expect(byAdmin.quizResults.attempts).toBe(4);
    const other = await platform.signUp('INSTRUCTOR', 'Another Author');
    expect(errorCode(await platform.gql(RESULTS, { id: quiz.id }, other.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(RESULTS, { id: quiz.id }, learners[0]!.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await platform.gql(RESULTS, { id: quiz.id }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await platform.gql(RESULTS, { id: 'nope' }, author.accessToken))).toBe('NOT_FOUND');
  });

  it('reads zeros for a quiz nobody took', async () => {
    const fresh = await publishedQuiz(platform, author, course, { lessonId: null });
    const { quizResults } = await platform.data<{ quizResults: unknown }>(RESULTS, { id: fresh.id }, author.accessToken);
    expect(quizResults).toEqual({
      quiz: { id: fresh.id },
      attempts: 0,
      learners: 0,
      passRate: 0,
      averageScore: 0,
      questions: [],
    });
  });
});

describe('batching', () => {
  const ATTEMPTS = `query Mine { me { quizAttempts { number quiz { title questionCount totalPoints lesson { id } }
    answers { selected correct question { prompt explanation choices { label } } } } } }`;
  const QUIZZES = `query Quizzes($id: ID!) { course(id: $id) { quizzes { title questionCount questions { prompt acceptedAnswers } } } }`;

  const quizzesStatements = async (
    query: string,
    variables: Record<string, unknown>,
    token: string,
    count: (data: never) => number,
  ) => {
    const before = platform.statements().quizzes!;
    const data = await platform.data(query, variables, token);
    return { statements: platform.statements().quizzes! - before, items: count(data as never) };
  };

  it("costs the same statements for a learner's 2 attempts as for 8", async () => {
    const learner = await platform.signUp('STUDENT', 'Busy Learner');
    await enroll(platform, learner, course.id);
    const quizzes = await Promise.all(
      Array.from({ length: 4 }, () => publishedQuiz(platform, author, course, { lessonId: null })),
    );
    const attemptsOf = (data: { me: { quizAttempts: unknown[] } }) => data.me.quizAttempts.length;
    const takeTwo = async (target: Quiz) => {
      for (let index = 0; index < 2; index += 1) {
        const attempt = await start(platform, learner, target.id);
        await answerAll(platform, learner, attempt);
        await submit(platform, learner, attempt.id);
      }
    };
    await takeTwo(quizzes[0]!);
    const two = await quizzesStatements(ATTEMPTS, {}, learner.accessToken, attemptsOf);
    for (const target of quizzes.slice(1)) await takeTwo(target);
    const eight = await quizzesStatements(ATTEMPTS, {}, learner.accessToken, attemptsOf);
    expect([two.items, eight.items]).toEqual([2, 8]);
    expect(eight.statements).toBe(two.statements);
  });

  it("costs the same statements for a course's quizzes with their questions, however many", async () => {
    const small = await createCourse(platform, author, 1);
    const large = await createCourse(platform, author, 1);
    await publishedQuiz(platform, author, small, { lessonId: null });
    for (let index = 0; index < 5; index += 1) await publishedQuiz(platform, author, large, { lessonId: null });
    const quizzesOf = (data: { course: { quizzes: unknown[] } }) => data.course.quizzes.length;
    const one = await quizzesStatements(QUIZZES, { id: small.id }, author.accessToken, quizzesOf);
    const five = await quizzesStatements(QUIZZES, { id: large.id }, author.accessToken, quizzesOf);
    expect([one.items, five.items]).toEqual([1, 5]);
    expect(five.statements).toBe(one.statements);
  });
});
