/**
 * What the quizzes tests share: a course written through courses (its events reach quizzes'
 * replica), quizzes authored and taken through the gateway, the events seen on the bus.
 */
import { errorCode } from '#gateway/testing/operations.ts';
import { eventually, unique, type TestStack, type TestUser } from '#gateway/testing/stack.ts';

export const QUIZ_FIELDS = `id title description passingScore timeLimitSeconds maxAttempts shuffleQuestions required status
  questionCount totalPoints course { id } lesson { id }`;
export const ATTEMPT_FIELDS = `id number status startedAt deadline submittedAt score passed
  answers { question { id kind prompt points explanation choices { label text } } selected correct pointsAwarded }`;

export const CREATE_QUIZ = `mutation CreateQuiz($input: CreateQuizInput!) { createQuiz(input: $input) { ${QUIZ_FIELDS} } }`;
export const ADD_QUESTION = `mutation AddQuestion($quizId: ID!, $input: QuestionInput!) {
  addQuestion(quizId: $quizId, input: $input) { id version kind choices { label text } points explanation acceptedAnswers tolerance }
}`;
export const UPDATE_QUESTION = `mutation UpdateQuestion($id: ID!, $input: QuestionInput!) {
  updateQuestion(id: $id, input: $input) { id version prompt acceptedAnswers }
}`;
export const REMOVE_QUESTION = `mutation RemoveQuestion($id: ID!) { removeQuestion(id: $id) { id questionCount } }`;
export const PUBLISH = `mutation Publish($id: ID!) { publishQuiz(id: $id) { ${QUIZ_FIELDS} publishedAt } }`;
export const START = `mutation Start($quizId: ID!) { startQuizAttempt(quizId: $quizId) { ${ATTEMPT_FIELDS} } }`;
export const ANSWER = `mutation Answer($attemptId: ID!, $questionId: ID!, $answer: [String!]!) {
  answerQuestion(attemptId: $attemptId, questionId: $questionId, answer: $answer) { ${ATTEMPT_FIELDS} }
}`;
export const SUBMIT = `mutation Submit($attemptId: ID!) { submitQuizAttempt(attemptId: $attemptId) { ${ATTEMPT_FIELDS} } }`;

export interface Quiz {
  id: string;
  title: string;
  status: string;
  questionCount: number;
  totalPoints: number;
  required: boolean;
  course: { id: string };
  lesson: { id: string } | null;
  [field: string]: unknown;
}
export interface AttemptAnswer {
  question: {
    id: string;
    kind: string;
    prompt: string;
    points: number;
    explanation: string | null;
    choices: Array<{ label: string; text: string }>;
  };
  selected: string[];
  correct: boolean | null;
  pointsAwarded: number | null;
}
export interface Attempt {
  id: string;
  number: number;
  status: string;
  startedAt: string;
  deadline: string | null;
  submittedAt: string | null;
  score: number | null;
  passed: boolean | null;
  answers: AttemptAnswer[];
}

/** Six questions, one of each kind, 10 points in all; `RIGHT` answers each one right. */
export const QUESTIONS = [
  {
    kind: 'SINGLE_CHOICE',
    prompt: 'Which of these types is **immutable**?',
    choices: ['list', 'tuple', 'dict', 'set'],
    acceptedAnswers: ['tuple'],
    points: 2,
    explanation: 'A tuple cannot change once built.',
  },
  {
    kind: 'MULTIPLE_CHOICE',
    prompt: 'Which of these are sequences?',
    choices: ['str', 'list', 'dict', 'int'],
    acceptedAnswers: ['A', 'B'],
    points: 2,
    explanation: 'Strings and lists keep an order and can be indexed.',
  },
  { kind: 'TRUE_FALSE', prompt: '`0.1 + 0.2 == 0.3` is True.', acceptedAnswers: ['false'], explanation: 'Floating point.' },
  { kind: 'SHORT_TEXT', prompt: 'Which keyword defines a function?', acceptedAnswers: ['def'] },
  { kind: 'NUMERIC', prompt: 'Give pi to two decimals.', acceptedAnswers: ['3.14159'], tolerance: 0.005, points: 2 },
  { kind: 'CODE', prompt: 'Store 25 in a variable named `age`.', acceptedAnswers: ['age = 25'], points: 2 },
] as const;
export const RIGHT: Record<string, string[]> = {
  SINGLE_CHOICE: ['B'],
  MULTIPLE_CHOICE: ['list', 'a'],
  TRUE_FALSE: ['False'],
  SHORT_TEXT: ['DEF'],
  NUMERIC: ['3,14'],
  CODE: ['age=25'],
};
export const WRONG: Record<string, string[]> = {
  SINGLE_CHOICE: ['A'],
  MULTIPLE_CHOICE: ['A'],
  TRUE_FALSE: ['true'],
  SHORT_TEXT: ['lambda'],
  NUMERIC: ['3.2'],
  CODE: ['age = 26'],
};

export interface Course {
  id: string;
  lessonIds: string[];
}

/** A published course with `lessons` lessons in one module, written through courses. */
export async function createCourse(platform: TestStack, instructor: TestUser, lessons = 2): Promise<Course> {
  const token = instructor.accessToken;
  const { createCourse: course } = await platform.data<{ createCourse: { id: string } }>(
    `mutation C($title: String!) { createCourse(input: { title: $title, description: "A course with a quiz.", level: BEGINNER }) { id } }`,
    { title: unique('Quizzed course') },
    token,
  );
  const { addModule } = await platform.data<{ addModule: { id: string } }>(
    `mutation M($id: ID!) { addModule(courseId: $id, input: { title: "Basics" }) { id } }`,
    { id: course.id },
    token,
  );
  const lessonIds: string[] = [];
  for (let index = 0; index < lessons; index += 1) {
    const { addLesson } = await platform.data<{ addLesson: { id: string } }>(
      `mutation L($id: ID!, $title: String!) { addLesson(moduleId: $id, input: { title: $title, content: "Read this.", durationMinutes: 5 }) { id } }`,
      { id: addModule.id, title: `Lesson ${index + 1}` },
      token,
    );
    lessonIds.push(addLesson.id);
  }
  await platform.data(`mutation P($id: ID!) { publishCourse(id: $id) { id } }`, { id: course.id }, token);
  return { id: course.id, lessonIds };
}

/** createQuiz once quizzes has heard of the course (and its lesson) from courses' events. */
export async function createQuiz(platform: TestStack, token: string, input: Record<string, unknown>): Promise<Quiz> {
  return eventually(
    async () => {
      const result = await platform.gql<{ createQuiz: Quiz }>(CREATE_QUIZ, { input }, token);
      if (errorCode(result) === 'NOT_FOUND') return undefined;
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data!.createQuiz;
    },
    10_000,
    'quizzes to know the course',
  );
}

export async function addQuestions(
  platform: TestStack,
  token: string,
  quizId: string,
  questions: ReadonlyArray<Record<string, unknown>> = QUESTIONS,
): Promise<Array<{ id: string; kind: string }>> {
  const added = [];
  for (const input of questions) {
    added.push(
      (await platform.data<{ addQuestion: { id: string; kind: string } }>(ADD_QUESTION, { quizId, input }, token)).addQuestion,
    );
  }
  return added;
}

/** A published quiz of the six QUESTIONS on the course's first lesson. */
export async function publishedQuiz(
  platform: TestStack,
  instructor: TestUser,
  course: Course,
  settings: Record<string, unknown> = {},
  questions: ReadonlyArray<Record<string, unknown>> = QUESTIONS,
): Promise<Quiz> {
  const quiz = await createQuiz(platform, instructor.accessToken, {
    courseId: course.id,
    lessonId: course.lessonIds[0],
    title: unique('Python types quiz'),
    description: 'Six questions, one of each kind.',
    passingScore: 70,
    ...settings,
  });
  await addQuestions(platform, instructor.accessToken, quiz.id, questions);
  return (await platform.data<{ publishQuiz: Quiz }>(PUBLISH, { id: quiz.id }, instructor.accessToken)).publishQuiz;
}

export async function enroll(platform: TestStack, learner: TestUser, courseId: string): Promise<void> {
  await platform.data(`mutation E($id: ID!) { enroll(courseId: $id) { id } }`, { id: courseId }, learner.accessToken);
}

/** startQuizAttempt once quizzes has heard of the enrollment. */
export async function start(platform: TestStack, learner: TestUser, quizId: string): Promise<Attempt> {
  return eventually(
    async () => {
      const result = await platform.gql<{ startQuizAttempt: Attempt }>(START, { quizId }, learner.accessToken);
      if (errorCode(result) === 'FORBIDDEN' && /Enroll/.test(result.errors![0]!.message)) return undefined;
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      return result.data!.startQuizAttempt;
    },
    10_000,
    'quizzes to know the enrollment',
  );
}

export async function answer(platform: TestStack, learner: TestUser, attemptId: string, questionId: string, values: string[]) {
  return (
    await platform.data<{ answerQuestion: Attempt }>(ANSWER, { attemptId, questionId, answer: values }, learner.accessToken)
  ).answerQuestion;
}

export async function submit(platform: TestStack, learner: TestUser, attemptId: string): Promise<Attempt> {
  return (await platform.data<{ submitQuizAttempt: Attempt }>(SUBMIT, { attemptId }, learner.accessToken)).submitQuizAttempt;
}

/** Answers every question of the attempt right, except those of the `wrong` kinds. */
export async function answerAll(platform: TestStack, learner: TestUser, attempt: Attempt, wrong: string[] = []): Promise<void> {
  for (const { question } of attempt.answers) {
    const values = (wrong.includes(question.kind) ? WRONG : RIGHT)[question.kind]!;
    await answer(platform, learner, attempt.id, question.id, values);
  }
}

export { recordEvents } from '#gateway/testing/events.ts';
