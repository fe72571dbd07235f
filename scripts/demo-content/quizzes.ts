/**
 * Demo quizzes: one graded quiz per demo course, written as YAML under ./quizzes (one file per
 * course, named after its slug) and created through the gateway by the course's instructor, on
 * the lesson the file names. Idempotent: a course that has a quiz of that title is left alone.
 * quizzes learns of courses and lessons from courses' events: creation waits for them.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { readYamlItems } from './yaml-files.ts';
import { graphqlData, graphqlRequest } from '#platform/graphql/client.ts';

export const QUIZZES_DIR = join(import.meta.dirname, 'quizzes');
export const DEMO_COURSES = ['python-basics', 'python-data-structures', 'python-functions'] as const;

const question = z.strictObject({
  kind: z.enum(['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'TRUE_FALSE', 'SHORT_TEXT', 'NUMERIC', 'CODE']),
  prompt: z.string().min(1),
  choices: z.array(z.string()).optional(),
  acceptedAnswers: z.array(z.string()).min(1),
  points: z.number().int().min(1).max(10).optional(),
  explanation: z.string().min(10),
  tolerance: z.number().min(0).optional(),
});

export const quizFile = z.strictObject({
  course: z.enum(DEMO_COURSES),
  /** The title of the lesson the quiz is attached to. */
  lesson: z.string().min(1),
  title: z.string().min(3),
  description: z.string().min(10),
  passingScore: z.number().int().min(0).max(100),
  timeLimitSeconds: z.number().int().min(60).optional(),
  maxAttempts: z.number().int().min(1).optional(),
  shuffleQuestions: z.boolean(),
  required: z.boolean(),
  questions: z.array(question).min(6).max(20),
});
export type QuizFile = z.infer<typeof quizFile>;

/** Every demo quiz, in file name order; a file must be named `<course slug>.yaml`. */
export function readDemoQuizzes(directory = QUIZZES_DIR): QuizFile[] {
  return readYamlItems(directory, quizFile, { field: 'course', of: (item) => item.course });
}

const COURSE = `query DemoCourse($slug: String) {
  course(slug: $slug) { id modules { lessons { id title } } quizzes { title } }
}`;
const CREATE = 'mutation CreateQuiz($input: CreateQuizInput!) { createQuiz(input: $input) { id } }';
const ADD = 'mutation AddQuestion($quizId: ID!, $input: QuestionInput!) { addQuestion(quizId: $quizId, input: $input) { id } }';
const PUBLISH = 'mutation PublishQuiz($id: ID!) { publishQuiz(id: $id) { id } }';

/** How long quizzes may take to hear of a course created a moment ago (a first start is slow). */
const REPLICA_WAIT_MS = 30_000;

async function createQuiz(gatewayUrl: string, token: string, input: Record<string, unknown>): Promise<string> {
  const deadline = Date.now() + REPLICA_WAIT_MS;
  for (;;) {
    const result = await graphqlRequest<{ createQuiz: { id: string } }>(gatewayUrl, CREATE, { input }, { token });
    if (result.data?.createQuiz) return result.data.createQuiz.id;
    const notYet = result.errors?.[0]?.extensions?.code === 'NOT_FOUND';
    if (!notYet || Date.now() > deadline)
      throw new Error(`Could not create the quiz "${String(input.title)}": ${JSON.stringify(result.errors)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Creates and publishes the demo quizzes that do not exist yet; returns "quiz:<course slug>" for each. */
export async function seedDemoQuizzes(gatewayUrl: string, tokenFor: (courseSlug: string) => Promise<string>): Promise<string[]> {
  const created: string[] = [];
  for (const { course: slug, lesson: lessonTitle, questions, ...settings } of readDemoQuizzes()) {
    const token = await tokenFor(slug);
    const { course } = await graphqlData<{
      course: {
        id: string;
        modules: Array<{ lessons: Array<{ id: string; title: string }> }>;
        quizzes: Array<{ title: string }>;
      };
    }>(gatewayUrl, COURSE, { slug }, { token });
    if (course.quizzes.some((quiz) => quiz.title === settings.title)) continue;
    const lesson = course.modules.flatMap((module) => module.lessons).find((each) => each.title === lessonTitle);
    if (!lesson) throw new Error(`Demo quiz of ${slug}: the course has no lesson "${lessonTitle}"`);
    const quizId = await createQuiz(gatewayUrl, token, { ...settings, courseId: course.id, lessonId: lesson.id });
    for (const input of questions) await graphqlData(gatewayUrl, ADD, { quizId, input }, { token });
    await graphqlData(gatewayUrl, PUBLISH, { id: quizId }, { token });
    created.push(`quiz:${slug}`);
  }
  return created;
}
