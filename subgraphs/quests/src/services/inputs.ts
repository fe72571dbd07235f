/**
 * Validation of what clients send: every size bounded, and every accepted answer checked with the
 * rules that will judge learners (libs/python-answers), so a quest can always be completed.
 */
import { z } from 'zod';
import { acceptedAnswerProblem, choicesProblem, MAX_ANSWER_LENGTH } from '#libs/python-answers/answer-checker.ts';

export const SLUG = /^[a-z][a-z0-9_]{2,79}$/;
export const CATEGORY = /^[a-z][a-z0-9_]{1,39}$/;
export const DIFFICULTIES = ['BEGINNER', 'INTERMEDIATE', 'ADVANCED'] as const;
export const STEP_KINDS = ['MULTIPLE_CHOICE', 'CODE', 'TEXT', 'NUMERIC'] as const;
export const MAX_STEPS = 30;
export const MAX_CHOICES = 8;
/** What is kept of a submitted answer: enough to review it, not a place to store megabytes. */
export const STORED_ANSWER_LENGTH = 2_000;

const id = z.string().trim().min(1, 'must not be empty').max(100, 'is not an id');

const stepInput = z
  .object({
    prompt: z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10000 characters'),
    kind: z.enum(STEP_KINDS),
    choices: z
      .array(z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'))
      .max(MAX_CHOICES, `at most ${MAX_CHOICES} choices`)
      .nullish(),
    acceptedAnswers: z
      .array(z.string().max(2_000, 'must be at most 2000 characters'))
      .min(1, 'at least one accepted answer')
      .max(20, 'at most 20 accepted answers'),
    hint: z.string().trim().max(2_000, 'must be at most 2000 characters').nullish(),
  })
  .superRefine((step, context) => {
    const choices = step.choices ?? [];
    if (step.kind === 'MULTIPLE_CHOICE') {
      if (choices.length < 2)
        context.addIssue({ code: 'custom', path: ['choices'], message: 'a MULTIPLE_CHOICE step needs 2 to 8 choices' });
      const problem = choicesProblem(choices);
      if (problem) context.addIssue({ code: 'custom', path: ['choices', problem.index], message: problem.message });
    } else if (choices.length) {
      context.addIssue({ code: 'custom', path: ['choices'], message: 'only MULTIPLE_CHOICE steps have choices' });
    }
    for (const [index, accepted] of step.acceptedAnswers.entries()) {
      const problem = acceptedAnswerProblem(step.kind, accepted, choices);
      if (problem) context.addIssue({ code: 'custom', path: ['acceptedAnswers', index], message: problem });
    }
  })
  .transform((step) => ({ ...step, choices: step.choices ?? [], hint: step.hint || null }));

export const createQuestInput = z.object({
  slug: z.string().regex(SLUG, 'must be 3 to 80 lower-case letters, digits or underscores, starting with a letter'),
  title: z.string().trim().min(3, 'must be at least 3 characters').max(120, 'must be at most 120 characters'),
  description: z.string().trim().min(10, 'must be at least 10 characters').max(20_000, 'must be at most 20000 characters'),
  category: z
    .string()
    .trim()
    .toLowerCase()
    .regex(CATEGORY, 'must be 2 to 40 lower-case letters, digits or underscores, starting with a letter'),
  difficulty: z.enum(DIFFICULTIES),
  xpReward: z.number().int().min(1, 'must be at least 1').max(1_000, 'must be at most 1000'),
  estimatedMinutes: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(600, 'must be at most 600')
    .nullish()
    .transform((value) => value ?? 10),
  courseId: id.nullish().transform((value) => value ?? null),
  steps: z.array(stepInput).min(1, 'a quest needs at least one step').max(MAX_STEPS, `at most ${MAX_STEPS} steps`),
});
export type CreateQuestInput = z.infer<typeof createQuestInput>;

export const questFilter = z.object({
  category: z.string().trim().toLowerCase().max(40, 'must be at most 40 characters').nullish(),
  difficulty: z.enum(DIFFICULTIES).nullish(),
});

export const questKey = z
  .object({ id: id.nullish(), slug: z.string().max(80, 'must be at most 80 characters').nullish() })
  .refine((key) => Boolean(key.id) !== Boolean(key.slug), 'give exactly one of id and slug');

export const runId = id;

export const answerInput = z.object({
  progressId: id,
  stepId: id,
  answer: z
    .string()
    .max(MAX_ANSWER_LENGTH, `must be at most ${MAX_ANSWER_LENGTH} characters`)
    .refine((answer) => answer.trim().length > 0, 'must not be empty'),
});
