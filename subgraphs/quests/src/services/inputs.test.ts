import { describe, expect, it } from '@jest/globals';
import { answerInput, createQuestInput } from './inputs.ts';

const valid = {
  slug: 'python_loops_101',
  title: 'Loops',
  description: 'for and while, with break and else.',
  category: ' Python_Basics ',
  difficulty: 'BEGINNER',
  xpReward: 100,
  steps: [
    {
      prompt: 'Which loop repeats while a condition holds?',
      kind: 'MULTIPLE_CHOICE',
      choices: ['for', 'while'],
      acceptedAnswers: ['B'],
    },
  ],
};
const problems = (input: unknown) =>
  (createQuestInput.safeParse(input).error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('createQuestInput', () => {
  it('normalises the category and fills defaults', () => {
    const input = createQuestInput.parse(valid);
    expect(input).toMatchObject({ category: 'python_basics', estimatedMinutes: 10, courseId: null });
    expect(input.steps[0]).toMatchObject({ choices: ['for', 'while'], hint: null });
  });

  it.each([
    [{ slug: 'Python-Loops' }, 'slug: must be 3 to 80'],
    [{ slug: 'py' }, 'slug: must be 3 to 80'],
    [{ slug: '1python' }, 'slug: must be 3 to 80'],
    [{ xpReward: 0 }, 'xpReward: must be at least 1'],
    [{ xpReward: 1001 }, 'xpReward: must be at most 1000'],
    [{ xpReward: 1.5 }, 'xpReward'],
    [{ steps: [] }, 'steps: a quest needs at least one step'],
    [{ steps: Array.from({ length: 31 }, () => valid.steps[0]) }, 'steps: at most 30 steps'],
    [{ category: 'python basics' }, 'category'],
    [{ description: 'x'.repeat(20_001) }, 'description: must be at most 20000 characters'],
  ])('refuses %j', (change, expected) => {
    expect(problems({ ...valid, ...change }).join('\n')).toContain(expected);
  });

  it.each([
    [
      { kind: 'MULTIPLE_CHOICE', choices: ['only one'], acceptedAnswers: ['A'] },
      'steps.0.choices: a MULTIPLE_CHOICE step needs 2 to 8 choices',
    ],
    [
      { kind: 'MULTIPLE_CHOICE', choices: 'abcdefghi'.split('').map((c) => `${c}${c}`), acceptedAnswers: ['A'] },
      'steps.0.choices: at most 8 choices',
    ],
    [{ kind: 'MULTIPLE_CHOICE', choices: ['x', 'y'], acceptedAnswers: ['C'] }, 'steps.0.acceptedAnswers.0: is neither a label'],
    [{ kind: 'MULTIPLE_CHOICE', choices: ['same', 'Same'], acceptedAnswers: ['A'] }, 'steps.0.choices.1: repeats choice A'],
    [{ kind: 'TEXT', choices: ['x', 'y'], acceptedAnswers: ['x'] }, 'steps.0.choices: only MULTIPLE_CHOICE steps have choices'],
    [{ kind: 'NUMERIC', acceptedAnswers: ['ten'] }, 'steps.0.acceptedAnswers.0: must be a number'],
    [{ kind: 'NUMERIC', acceptedAnswers: ['3', '9..1'] }, 'steps.0.acceptedAnswers.1: must be a number'],
    [{ kind: 'CODE', acceptedAnswers: ['print("x"'] }, 'steps.0.acceptedAnswers.0: does not parse as Python'],
    [{ kind: 'CODE', acceptedAnswers: ['re:(a+)+'] }, 'steps.0.acceptedAnswers.0: nested repetition'],
    [{ kind: 'CODE', acceptedAnswers: [] }, 'steps.0.acceptedAnswers: at least one accepted answer'],
    [{ kind: 'TEXT', acceptedAnswers: ['x'], prompt: '' }, 'steps.0.prompt: must not be empty'],
  ])('refuses the step %j', (change, expected) => {
    expect(problems({ ...valid, steps: [{ prompt: 'A question?', ...change }] }).join('\n')).toContain(expected);
  });
});

describe('answerInput', () => {
  it('bounds the answer and refuses a blank one', () => {
    const base = { progressId: 'p', stepId: 's' };
    expect(answerInput.safeParse({ ...base, answer: 'x'.repeat(10_000) }).success).toBe(true);
    expect(answerInput.safeParse({ ...base, answer: 'x'.repeat(10_001) }).success).toBe(false);
    expect(answerInput.safeParse({ ...base, answer: '  \n ' }).success).toBe(false);
    expect(answerInput.safeParse({ ...base, progressId: 'p'.repeat(101), answer: 'x' }).success).toBe(false);
  });
});
