/**
 * The demo quests are valid quests (the API's own validation) whose accepted answers pass the
 * answer checker, so a learner typing them completes every quest.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { checkAnswer, PATTERN_PREFIX, selectedChoice } from '#libs/python-answers/answer-checker.ts';
import { createQuestInput } from '../../subgraphs/quests/src/services/inputs.ts';
import { readDemoQuests } from './quests.ts';

const quests = readDemoQuests();

it('has the core Python quests, each with a unique slug', () => {
  const slugs = quests.map((quest) => quest.slug);
  expect(new Set(slugs).size).toBe(slugs.length);
  expect(slugs).toEqual(
    expect.arrayContaining([
      'python_variables_101',
      'python_strings_101',
      'python_numbers_101',
      'python_conditions_101',
      'python_loops_101',
      'python_lists_101',
      'python_tuples_sets_101',
      'python_dicts_101',
      'python_comprehensions_101',
      'python_functions_101',
      'python_exceptions_101',
      'python_classes_101',
    ]),
  );
});

it('asks for `age = 25` in python_variables_101', () => {
  const variables = quests.find((quest) => quest.slug === 'python_variables_101')!;
  expect(variables.steps.some((step) => step.kind === 'CODE' && step.acceptedAnswers.includes('age = 25'))).toBe(true);
});

describe.each(quests.map((quest) => [quest.slug, quest] as const))('%s', (_slug, quest) => {
  it('is a valid createQuest input', () => {
    const { course: _course, ...input } = quest;
    const parsed = createQuestInput.safeParse(input);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('mixes kinds of steps, each with a hint', () => {
    expect(new Set(quest.steps.map((step) => step.kind)).size).toBeGreaterThanOrEqual(2);
    expect(quest.steps.every((step) => step.hint && step.hint.length > 10)).toBe(true);
  });

  it('accepts every accepted answer of each step', () => {
    for (const step of quest.steps) {
      const checkable = { kind: step.kind, choices: step.choices ?? [], acceptedAnswers: step.acceptedAnswers };
      for (const accepted of step.acceptedAnswers.filter((answer) => !answer.startsWith(PATTERN_PREFIX))) {
        expect({ accepted, verdict: checkAnswer(checkable, accepted) }).toEqual({ accepted, verdict: { correct: true } });
      }
    }
  });

  it('has a wrong choice in every multiple-choice step', () => {
    for (const step of quest.steps.filter((each) => each.kind === 'MULTIPLE_CHOICE')) {
      const choices = step.choices!;
      const right = new Set(step.acceptedAnswers.map((accepted) => selectedChoice(accepted, choices)));
      expect({ prompt: step.prompt, rightChoices: right.size }).toEqual({ prompt: step.prompt, rightChoices: 1 });
      expect(choices.length - right.size).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('readDemoQuests', () => {
  it('refuses a file that is not a quest, or named after another slug', () => {
    const directory = mkdtempSync(join(tmpdir(), 'quests-'));
    writeFileSync(join(directory, 'broken.yaml'), 'slug: broken\ntitle: Broken\n');
    expect(() => readDemoQuests(directory)).toThrow(/broken\.yaml/);
    writeFileSync(join(directory, 'broken.yaml'), 'prompt: as in `x: 1`\n');
    expect(() => readDemoQuests(directory)).toThrow(/^broken\.yaml: Nested mappings/);
    const other = mkdtempSync(join(tmpdir(), 'quests-'));
    const valid = quests[0]!;
    writeFileSync(join(other, 'renamed.yaml'), JSON.stringify(valid));
    expect(() => readDemoQuests(other)).toThrow(`renamed.yaml: its slug is ${valid.slug}`);
  });
});

it('lets the exceptions quest accept a named exception through its pattern', () => {
  const step = quests.find((quest) => quest.slug === 'python_exceptions_101')!.steps.find((each) => each.kind === 'CODE')!;
  const checkable = { kind: step.kind, choices: [], acceptedAnswers: step.acceptedAnswers };
  expect(checkAnswer(checkable, 'except ZeroDivisionError as error:').correct).toBe(true);
  expect(checkAnswer(checkable, 'except  ZeroDivisionError as e :  # division').correct).toBe(true);
  expect(checkAnswer(checkable, 'except Exception as e:').correct).toBe(false);
  expect(checkAnswer(checkable, 'except:').correct).toBe(false);
});
