/**
 * Quizzes in the whole learning loop, through the gateway with the subgraphs that react to them:
 * XP and the quiz-ace badge arrive from gamification, a required quiz gates the completion of a
 * course (COURSE_COMPLETED once, whichever comes last: the lessons or the quiz), and analytics
 * counts the quiz figures of learners and courses.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { adminEnv, signIn, testAdmin } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import { answerAll, createCourse, enroll, publishedQuiz, recordEvents, start, submit, type Course } from './support.ts';

const ADMIN = testAdmin();
/** gamification's fixed amounts (src/rules/xp.ts), as the learner sees them. */
const QUIZ_XP = 50;
const LESSON_XP = 10;
const COURSE_XP = 100;

let platform: TestStack;
let author: TestUser;
let adminToken: string;
let events: ReturnType<typeof recordEvents>;

const LEARNER = `query Learner($id: ID!) { user(id: $id) { xp badges { slug } enrollments { course { id } status progressPercent } } }`;
interface LearnerView {
  xp: number;
  badges: Array<{ slug: string }>;
  enrollments: Array<{ course: { id: string }; status: string; progressPercent: number }>;
}
const learnerView = async (learner: TestUser) =>
  (await platform.data<{ user: LearnerView }>(LEARNER, { id: learner.id }, learner.accessToken)).user;
const learnerWhen = (learner: TestUser, ready: (view: LearnerView) => boolean, what: string) =>
  eventually(
    async () => {
      const view = await learnerView(learner);
      return ready(view) ? view : undefined;
    },
    15_000,
    what,
  );
/**
 * The learner once `ready` shows, read again: xp and badges are read by two statements, so a view
 * can show the XP of a commit and the badges from before it. A pass's XP and any badge it earns
 * commit together (gamification's handler), so a read begun after the XP showed sees that badge.
 */
const learnerAfter = async (learner: TestUser, ready: (view: LearnerView) => boolean, what: string) => {
  await learnerWhen(learner, ready, what);
  return learnerView(learner);
};
const completeLesson = (learner: TestUser, lessonId: string) =>
  platform.data<{ completeLesson: { status: string; progressPercent: number } }>(
    `mutation C($id: ID!) { completeLesson(lessonId: $id) { status progressPercent } }`,
    { id: lessonId },
    learner.accessToken,
  );
const takeQuiz = async (learner: TestUser, quizId: string, wrong: string[] = []) => {
  const attempt = await start(platform, learner, quizId);
  await answerAll(platform, learner, attempt, wrong);
  return submit(platform, learner, attempt.id);
};

beforeAll(async () => {
  platform = await startTestStack({
    subgraphs: ['accounts', 'courses', 'quizzes', 'gamification', 'analytics'],
    env: adminEnv(ADMIN),
  });
  events = recordEvents(platform);
  author = await platform.signUp('INSTRUCTOR', 'Loop Author');
  adminToken = await signIn(platform, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  events?.stop();
  await platform?.close();
});

describe('XP and badges', () => {
  it('gives XP for a first pass and quiz-ace for 100% on a first attempt, nothing for a later pass', async () => {
    const course = await createCourse(platform, author, 1);
    const learner = await platform.signUp('STUDENT', 'Ace Learner');
    await enroll(platform, learner, course.id);
    const quiz = await publishedQuiz(platform, author, course);
    expect(await takeQuiz(learner, quiz.id)).toMatchObject({ score: 100, passed: true });
    const aced = await learnerAfter(learner, (view) => view.badges.some((badge) => badge.slug === 'quiz-ace'), 'quiz-ace');
    expect(aced).toMatchObject({ xp: QUIZ_XP, badges: [{ slug: 'quiz-ace' }] });
    expect(await takeQuiz(learner, quiz.id)).toMatchObject({ score: 100 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await learnerView(learner)).xp).toBe(QUIZ_XP);
  });

  it('gives XP but no badge for a pass that is not perfect, or not on the first attempt', async () => {
    const course = await createCourse(platform, author, 1);
    const learner = await platform.signUp('STUDENT', 'Second Try');
    await enroll(platform, learner, course.id);
    const quiz = await publishedQuiz(platform, author, course, { passingScore: 80 });
    // One wrong answer out of six (2 points of 10): 80, a pass at the first attempt but not an ace.
    expect(await takeQuiz(learner, quiz.id, ['CODE'])).toMatchObject({ score: 80, passed: true });
    const passed = await learnerAfter(learner, (view) => view.xp > 0, 'XP of the pass');
    expect(passed).toMatchObject({ xp: QUIZ_XP, badges: [] });

    const other = await publishedQuiz(platform, author, course, { lessonId: null });
    expect(await takeQuiz(learner, other.id, ['CODE', 'NUMERIC'])).toMatchObject({ score: 60, passed: false });
    expect(await takeQuiz(learner, other.id)).toMatchObject({ score: 100, passed: true });
    const second = await learnerAfter(learner, (view) => view.xp === 2 * QUIZ_XP, 'XP of the second quiz');
    expect(second).toMatchObject({ xp: 2 * QUIZ_XP, badges: [] });
  });
});

describe('a required quiz gates course completion', () => {
  let course: Course;
  let quizId: string;

  beforeAll(async () => {
    course = await createCourse(platform, author, 2);
    quizId = (await publishedQuiz(platform, author, course, { required: true })).id;
    // courses must know the quiz is required before learners finish their lessons.
    await eventually(async () => (events.named('QUIZ_PUBLISHED', { quizId }).length ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 500));
  });

  it('lessons first: stays ACTIVE at 100% until the quiz is passed, then completes once', async () => {
    const learner = await platform.signUp('STUDENT', 'Lessons First');
    await enroll(platform, learner, course.id);
    await completeLesson(learner, course.lessonIds[0]!);
    const done = await completeLesson(learner, course.lessonIds[1]!);
    expect(done.completeLesson).toEqual({ status: 'ACTIVE', progressPercent: 100 });
    // A failed attempt changes nothing.
    expect(await takeQuiz(learner, quizId, ['CODE', 'NUMERIC', 'SINGLE_CHOICE'])).toMatchObject({ passed: false });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(events.named('COURSE_COMPLETED', { userId: learner.id })).toHaveLength(0);

    expect(await takeQuiz(learner, quizId)).toMatchObject({ passed: true });
    const completed = await learnerWhen(
      learner,
      (view) => view.enrollments.some((enrollment) => enrollment.status === 'COMPLETED'),
      'the course completed by the quiz',
    );
    expect(completed.enrollments).toEqual([{ course: { id: course.id }, status: 'COMPLETED', progressPercent: 100 }]);
    await learnerWhen(learner, (view) => view.xp === 2 * LESSON_XP + QUIZ_XP + COURSE_XP, 'XP of lessons, quiz and course');
    expect(events.named('COURSE_COMPLETED', { userId: learner.id })).toHaveLength(1);
  });

  it('quiz first: the last lesson completes the course, once', async () => {
    const learner = await platform.signUp('STUDENT', 'Quiz First');
    await enroll(platform, learner, course.id);
    await completeLesson(learner, course.lessonIds[0]!);
    await takeQuiz(learner, quizId);
    // courses hears of the pass before the last lesson.
    await eventually(async () => events.named('QUIZ_PASSED', { userId: learner.id })[0]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(events.named('COURSE_COMPLETED', { userId: learner.id })).toHaveLength(0);
    const done = await completeLesson(learner, course.lessonIds[1]!);
    expect(done.completeLesson).toEqual({ status: 'COMPLETED', progressPercent: 100 });
    await eventually(async () => events.named('COURSE_COMPLETED', { userId: learner.id })[0]);
    // Completing a lesson again changes nothing.
    await completeLesson(learner, course.lessonIds[1]!);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(events.named('COURSE_COMPLETED', { userId: learner.id })).toHaveLength(1);
  });

  it('both at once: the last lesson and the pass racing complete the course exactly once', async () => {
    const learner = await platform.signUp('STUDENT', 'Both At Once');
    await enroll(platform, learner, course.id);
    await completeLesson(learner, course.lessonIds[0]!);
    const attempt = await start(platform, learner, quizId);
    await answerAll(platform, learner, attempt);
    await Promise.all([submit(platform, learner, attempt.id), completeLesson(learner, course.lessonIds[1]!)]);
    await learnerWhen(
      learner,
      (view) => view.enrollments.some((enrollment) => enrollment.status === 'COMPLETED'),
      'the course completed by whichever came last',
    );
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(events.named('COURSE_COMPLETED', { userId: learner.id })).toHaveLength(1);
  });

  it('an optional quiz does not gate anything', async () => {
    const free = await createCourse(platform, author, 1);
    await publishedQuiz(platform, author, free, { required: false });
    const learner = await platform.signUp('STUDENT', 'No Quiz Needed');
    await enroll(platform, learner, free.id);
    await eventually(async () => (events.named('QUIZ_PUBLISHED', { courseId: free.id }).length ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await completeLesson(learner, free.lessonIds[0]!)).completeLesson.status).toBe('COMPLETED');
  });
});

describe('analytics', () => {
  it('counts graded attempts, passes and the average score for the learner and the course', async () => {
    const course = await createCourse(platform, author, 1);
    const learner = await platform.signUp('STUDENT', 'Counted Learner');
    await enroll(platform, learner, course.id);
    const quiz = await publishedQuiz(platform, author, course);
    await takeQuiz(learner, quiz.id, ['CODE', 'NUMERIC', 'SINGLE_CHOICE']); // 40
    await takeQuiz(learner, quiz.id); // 100
    const fields = 'quizAttempts quizzesPassed averageQuizScore';
    const stats = await eventually(
      async () => {
        const { userStats, courseStats } = await platform.data<{
          userStats: Record<string, number>;
          courseStats: Record<string, number>;
        }>(
          `query S($user: ID!, $course: ID!) { userStats(userId: $user) { ${fields} } courseStats(courseId: $course) { ${fields} } }`,
          { user: learner.id, course: course.id },
          adminToken,
        );
        return userStats.quizzesPassed === 1 && courseStats.quizAttempts === 2 ? { userStats, courseStats } : undefined;
      },
      15_000,
      'quiz figures',
    );
    expect(stats).toEqual({
      userStats: { quizAttempts: 2, quizzesPassed: 1, averageQuizScore: 70 },
      courseStats: { quizAttempts: 2, quizzesPassed: 1, averageQuizScore: 70 },
    });
    // The course's instructor sees its figures too.
    const { courseStats } = await platform.data<{ courseStats: Record<string, number> }>(
      `query C($id: ID!) { courseStats(courseId: $id) { ${fields} } }`,
      { id: course.id },
      author.accessToken,
    );
    expect(courseStats.quizAttempts).toBe(2);
  });
});
