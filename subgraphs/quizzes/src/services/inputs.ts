/**
 * Validation of what clients send: sizes and ranges bounded, and every accepted answer checked by
 * the rules that grade learners (rules/answers.ts), so every question can be answered right.
 */
import { z } from 'zod';
import { canonicalAccepted, hasChoices, MAX_ANSWER_LENGTH, QUESTION_KINDS } from '../rules/answers.ts';
import { choicesProblem } from '#libs/python-answers/answer-checker.ts';

export const MAX_CHOICES = 8;
export const MAX_QUESTIONS = 100;
export const MAX_ANSWER_VALUES = MAX_CHOICES;
/** A week: longer is not a timed quiz. */
export const MAX_TIME_LIMIT_SECONDS = 7 * 24 * 3_600;

export const id = z.string().trim().min(1, 'must not be empty').max(100, 'is not an id');

const nullableInt = (min: number, max: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .nullish()
    .transform((value) => value ?? null);

export const createQuizInput = z.object({
  courseId: id,
  lessonId: id.nullish().transform((value) => value ?? null),
  title: z.string().trim().min(3, 'must be at least 3 characters').max(200, 'must be at most 200 characters'),
  description: z
    .string()
    .trim()
    .max(20_000, 'must be at most 20000 characters')
    .nullish()
    .transform((value) => value ?? ''),
  passingScore: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be 0 to 100')
    .max(100, 'must be 0 to 100')
    .nullish()
    .transform((value) => value ?? 70),
  timeLimitSeconds: nullableInt(1, MAX_TIME_LIMIT_SECONDS),
  maxAttempts: nullableInt(1, 100),
  shuffleQuestions: z
    .boolean()
    .nullish()
    .transform((value) => value ?? false),
  required: z
    .boolean()
    .nullish()
    .transform((value) => value ?? false),
});
export type CreateQuizInput = z.infer<typeof createQuizInput>;

export const questionInput = z
  .object({
    kind: z.enum(QUESTION_KINDS),
    prompt: z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10000 characters'),
    choices: z
      .array(z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'))
      .max(MAX_CHOICES, `at most ${MAX_CHOICES} choices`)
      .nullish()
      .transform((value) => value ?? []),
    acceptedAnswers: z
      .array(z.string().max(2_000, 'must be at most 2000 characters'))
      .min(1, 'at least one accepted answer')
      .max(20, 'at most 20 accepted answers'),
    points: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1 to 100')
      .max(100, 'must be 1 to 100')
      .nullish()
      .transform((value) => value ?? 1),
    explanation: z
      .string()
      .trim()
      .max(5_000, 'must be at most 5000 characters')
      .nullish()
      .transform((value) => value || null),
    tolerance: z
      .number()
      .min(0, 'must be 0 or more')
      .max(1e9, 'must be at most 1e9')
      .nullish()
      .transform((value) => value ?? null),
  })
  .transform((question, context) => {
    if (hasChoices(question.kind)) {
      if (question.choices.length < 2)
        context.addIssue({
          code: 'custom',
          path: ['choices'],
          message: `a ${question.kind} question needs 2 to ${MAX_CHOICES} choices`,
        });
      const problem = choicesProblem(question.choices);
      if (problem) context.addIssue({ code: 'custom', path: ['choices', problem.index], message: problem.message });
    } else if (question.choices.length) {
      context.addIssue({
        code: 'custom',
        path: ['choices'],
        message: 'only SINGLE_CHOICE and MULTIPLE_CHOICE questions have choices',
      });
    }
    if (question.tolerance !== null && question.kind !== 'NUMERIC')
      context.addIssue({ code: 'custom', path: ['tolerance'], message: 'only NUMERIC questions have a tolerance' });
    const canonical = canonicalAccepted(question.kind, question.choices, question.acceptedAnswers);
    if (!canonical.ok) {
      context.addIssue({ code: 'custom', path: ['acceptedAnswers', canonical.index], message: canonical.problem });
      return z.NEVER;
    }
    return { ...question, acceptedAnswers: canonical.acceptedAnswers };
  });
export type QuestionInput = z.infer<typeof questionInput>;

export const answerInput = z.object({
  attemptId: id,
  questionId: id,
  answer: z
    .array(z.string().max(MAX_ANSWER_LENGTH, `must be at most ${MAX_ANSWER_LENGTH} characters`))
    .max(MAX_ANSWER_VALUES, `at most ${MAX_ANSWER_VALUES} values`),
});
