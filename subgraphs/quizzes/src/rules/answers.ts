/**
 * What a question accepts, in each kind, on both sides: what an author may declare as accepted
 * answers (made canonical) and what a learner's answer means (made canonical, or refused with a
 * reason). Text, numbers and code are compared by the shared Python answer rules
 * (libs/python-answers), the same as quests: `age=25` equals `age = 25`. Pure.
 */
import {
  acceptedAnswerProblem,
  choiceLabel,
  checkAnswer,
  MAX_ANSWER_LENGTH,
  numberReadings,
  selectedChoice,
  type AnswerKind,
} from '#libs/python-answers/answer-checker.ts';
import type { QuestionKind } from '../generated/prisma/enums.ts';

export const QUESTION_KINDS = [
  'SINGLE_CHOICE',
  'MULTIPLE_CHOICE',
  'TRUE_FALSE',
  'SHORT_TEXT',
  'NUMERIC',
  'CODE',
] as const satisfies readonly QuestionKind[];

export { MAX_ANSWER_LENGTH };
/** TRUE_FALSE questions offer these two, in this order; answers and accepted answers are "true" or "false". */
export const TRUE_FALSE_CHOICES = ['True', 'False'] as const;

/** The question as the rules see it. */
export interface AnswerableQuestion {
  kind: QuestionKind;
  choices: readonly string[];
  /** Canonical (see canonicalAccepted). */
  acceptedAnswers: readonly string[];
  tolerance: number | null;
}

export type Reading = { ok: true; values: string[] } | { ok: false; problem: string };

const CHOICE_KINDS = new Set<QuestionKind>(['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'TRUE_FALSE']);
export const hasChoices = (kind: QuestionKind): boolean => kind === 'SINGLE_CHOICE' || kind === 'MULTIPLE_CHOICE';

/** The choices a learner sees. */
export const choicesOf = (question: Pick<AnswerableQuestion, 'kind' | 'choices'>): readonly string[] =>
  question.kind === 'TRUE_FALSE' ? TRUE_FALSE_CHOICES : question.choices;

/** The library's kind for free answers. */
const FREE_KINDS: Partial<Record<QuestionKind, AnswerKind>> = { SHORT_TEXT: 'TEXT', NUMERIC: 'NUMERIC', CODE: 'CODE' };

const byLabel = (left: string, right: string) => left.localeCompare(right);

/** "true"/"false" for what designates True or False: a label, the text, yes/no. */
function readTrueFalse(value: string): string | undefined {
  const index = selectedChoice(value, TRUE_FALSE_CHOICES);
  if (index !== undefined) return index === 0 ? 'true' : 'false';
  const word = value.trim().toLowerCase();
  if (word === 'yes') return 'true';
  if (word === 'no') return 'false';
  return undefined;
}

/** The labels `values` designate, sorted and without repeats; a value that designates none is a problem. */
function readChoices(values: readonly string[], choices: readonly string[]): Reading {
  const labels = new Set<string>();
  for (const value of values) {
    const index = selectedChoice(value, choices);
    if (index === undefined) {
      return {
        ok: false,
        problem: `${JSON.stringify(value.slice(0, 80))} is not one of the choices (answer with a label, A to ${choiceLabel(choices.length - 1)}, or a choice's text)`,
      };
    }
    labels.add(choiceLabel(index));
  }
  return { ok: true, values: [...labels].sort(byLabel) };
}

/**
 * A learner's answer in canonical form: labels for choice kinds, "true"/"false" for TRUE_FALSE,
 * the text for the others. Refused (with the reason, for BAD_USER_INPUT): an empty answer,
 * several values where one is expected, a choice that is not offered, a NUMERIC answer that is
 * not a number. Code that does not parse is an answer (a wrong one), not a refusal.
 */
export function readAnswer(question: Pick<AnswerableQuestion, 'kind' | 'choices'>, raw: readonly string[]): Reading {
  const values = raw.filter((value) => value.trim().length > 0);
  if (!values.length) return { ok: false, problem: 'the answer must not be empty' };
  if (values.some((value) => value.length > MAX_ANSWER_LENGTH))
    return { ok: false, problem: `an answer is limited to ${MAX_ANSWER_LENGTH} characters` };
  if (question.kind !== 'MULTIPLE_CHOICE' && values.length > 1)
    return { ok: false, problem: `a ${question.kind} question takes one answer, not ${values.length}` };
  const [value] = values as [string];
  switch (question.kind) {
    case 'SINGLE_CHOICE':
    case 'MULTIPLE_CHOICE':
      return readChoices(values, question.choices);
    case 'TRUE_FALSE': {
      const answer = readTrueFalse(value);
      return answer ? { ok: true, values: [answer] } : { ok: false, problem: 'answer true or false' };
    }
    case 'NUMERIC':
      return numberReadings(value).length
        ? { ok: true, values: [value.trim()] }
        : { ok: false, problem: 'answer with a number, e.g. 42 or 3.5' };
    case 'SHORT_TEXT':
      return { ok: true, values: [value.trim()] };
    case 'CODE':
      return { ok: true, values: [value] };
  }
}

/** Whether a canonical answer is right; an unanswered question (no values) is wrong. */
export function isCorrect(question: AnswerableQuestion, selected: readonly string[]): boolean {
  if (!selected.length) return false;
  if (CHOICE_KINDS.has(question.kind)) {
    const accepted = [...new Set(question.acceptedAnswers)].sort(byLabel);
    const given = [...new Set(selected)].sort(byLabel);
    return accepted.length === given.length && accepted.every((label, index) => label === given[index]);
  }
  const kind = FREE_KINDS[question.kind]!;
  return checkAnswer(
    { kind, choices: [], acceptedAnswers: question.acceptedAnswers, tolerance: question.tolerance },
    selected[0]!,
  ).correct;
}

export type Canonical = { ok: true; acceptedAnswers: string[] } | { ok: false; index: number; problem: string };

/**
 * Authoring: the accepted answers made canonical, or the first one that cannot be accepted (by
 * the very rules that judge learners, so every question can be answered right).
 * SINGLE_CHOICE and TRUE_FALSE take exactly one; MULTIPLE_CHOICE the set of right choices.
 */
export function canonicalAccepted(kind: QuestionKind, choices: readonly string[], accepted: readonly string[]): Canonical {
  if (!accepted.length) return { ok: false, index: 0, problem: 'at least one accepted answer' };
  if ((kind === 'SINGLE_CHOICE' || kind === 'TRUE_FALSE') && accepted.length > 1) {
    return { ok: false, index: 1, problem: `a ${kind} question has exactly one accepted answer` };
  }
  if (kind === 'TRUE_FALSE') {
    const value = readTrueFalse(accepted[0]!);
    return value ? { ok: true, acceptedAnswers: [value] } : { ok: false, index: 0, problem: 'must be true or false' };
  }
  if (hasChoices(kind)) {
    for (const [index, value] of accepted.entries()) {
      if (selectedChoice(value, choices) === undefined)
        return {
          ok: false,
          index,
          problem: `is neither a label (A to ${choiceLabel(Math.max(choices.length - 1, 0))}) nor the text of a choice`,
        };
    }
    const reading = readChoices(accepted, choices);
    if (!reading.ok) return { ok: false, index: 0, problem: reading.problem };
    if (kind === 'MULTIPLE_CHOICE' && reading.values.length === choices.length)
      return { ok: false, index: 0, problem: 'at least one choice must be wrong' };
    return { ok: true, acceptedAnswers: reading.values };
  }
  for (const [index, value] of accepted.entries()) {
    const problem = acceptedAnswerProblem(FREE_KINDS[kind]!, value, []);
    if (problem) return { ok: false, index, problem };
  }
  return { ok: true, acceptedAnswers: [...accepted] };
}
