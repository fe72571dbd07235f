import { describe, expect, it } from '@jest/globals';
import { canonicalAccepted, choicesOf, isCorrect, readAnswer, type AnswerableQuestion } from './answers.ts';

const CHOICES = ['list', 'tuple', 'dict', 'set'];
const question = (overrides: Partial<AnswerableQuestion>): AnswerableQuestion => ({
  kind: 'SINGLE_CHOICE',
  choices: [],
  acceptedAnswers: [],
  tolerance: null,
  ...overrides,
});
const read = (overrides: Partial<AnswerableQuestion>, values: string[]) => readAnswer(question(overrides), values);

describe('readAnswer', () => {
  it('reads choices by label or text, as sorted labels without repeats', () => {
    expect(read({ choices: CHOICES }, ['b'])).toEqual({ ok: true, values: ['B'] });
    expect(read({ choices: CHOICES }, ['Tuple'])).toEqual({ ok: true, values: ['B'] });
    expect(read({ kind: 'MULTIPLE_CHOICE', choices: CHOICES }, ['set', 'B', 'b)'])).toEqual({ ok: true, values: ['B', 'D'] });
  });

  it('refuses a choice that is not offered, several answers to a one-answer question, empty answers', () => {
    expect(read({ choices: CHOICES }, ['E'])).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not one of the choices'),
    });
    expect(read({ kind: 'MULTIPLE_CHOICE', choices: CHOICES }, ['A', 'frozenset'])).toMatchObject({ ok: false });
    expect(read({ choices: CHOICES }, ['A', 'B'])).toMatchObject({
      ok: false,
      problem: expect.stringContaining('takes one answer'),
    });
    for (const kind of ['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'TRUE_FALSE', 'SHORT_TEXT', 'NUMERIC', 'CODE'] as const) {
      expect(read({ kind, choices: CHOICES }, [])).toEqual({ ok: false, problem: 'the answer must not be empty' });
      expect(read({ kind, choices: CHOICES }, ['  ', ''])).toEqual({ ok: false, problem: 'the answer must not be empty' });
    }
  });

  it('reads true/false in the usual ways', () => {
    for (const value of ['true', 'True', 'A', 'yes', ' TRUE '])
      expect(read({ kind: 'TRUE_FALSE' }, [value])).toEqual({ ok: true, values: ['true'] });
    for (const value of ['false', 'b', 'No'])
      expect(read({ kind: 'TRUE_FALSE' }, [value])).toEqual({ ok: true, values: ['false'] });
    expect(read({ kind: 'TRUE_FALSE' }, ['maybe'])).toEqual({ ok: false, problem: 'answer true or false' });
    expect(choicesOf(question({ kind: 'TRUE_FALSE' }))).toEqual(['True', 'False']);
  });

  it('refuses a NUMERIC answer that is not a number, keeps code that does not parse (it is just wrong)', () => {
    expect(read({ kind: 'NUMERIC' }, ['forty-two'])).toMatchObject({ ok: false });
    expect(read({ kind: 'NUMERIC' }, [' 3,5 '])).toEqual({ ok: true, values: ['3,5'] });
    expect(read({ kind: 'CODE' }, ['def f(:'])).toEqual({ ok: true, values: ['def f(:'] });
    expect(read({ kind: 'CODE' }, ['x'.repeat(10_001)])).toMatchObject({ ok: false });
  });
});

describe('isCorrect', () => {
  it('needs exactly the right set of choices', () => {
    const multiple = question({ kind: 'MULTIPLE_CHOICE', choices: CHOICES, acceptedAnswers: ['B', 'D'] });
    expect(isCorrect(multiple, ['B', 'D'])).toBe(true);
    expect(isCorrect(multiple, ['D', 'B'])).toBe(true);
    expect(isCorrect(multiple, ['B'])).toBe(false);
    expect(isCorrect(multiple, ['A', 'B', 'D'])).toBe(false);
    expect(isCorrect(multiple, [])).toBe(false);
  });

  it('compares code as quests do: spacing, quotes and comments do not matter', () => {
    const code = question({ kind: 'CODE', acceptedAnswers: ['age = 25'] });
    expect(isCorrect(code, ['age=25'])).toBe(true);
    expect(isCorrect(code, ['age  =  25  # years'])).toBe(true);
    expect(isCorrect(code, ['age = 26'])).toBe(false);
    expect(isCorrect(code, ['def f(:'])).toBe(false);
  });

  it('takes numbers within the tolerance, text without case or final punctuation', () => {
    const pi = question({ kind: 'NUMERIC', acceptedAnswers: ['3.14159'], tolerance: 0.01 });
    expect(isCorrect(pi, ['3.14'])).toBe(true);
    expect(isCorrect(pi, ['3.2'])).toBe(false);
    expect(isCorrect(question({ kind: 'NUMERIC', acceptedAnswers: ['42'] }), ['42.0'])).toBe(true);
    const text = question({ kind: 'SHORT_TEXT', acceptedAnswers: ['def'] });
    expect(isCorrect(text, ['DEF.'])).toBe(true);
    expect(isCorrect(text, ['define'])).toBe(false);
  });
});

describe('canonicalAccepted', () => {
  it('stores choices as labels and true/false as words', () => {
    expect(canonicalAccepted('SINGLE_CHOICE', CHOICES, ['tuple'])).toEqual({ ok: true, acceptedAnswers: ['B'] });
    expect(canonicalAccepted('MULTIPLE_CHOICE', CHOICES, ['D', 'tuple'])).toEqual({ ok: true, acceptedAnswers: ['B', 'D'] });
    expect(canonicalAccepted('TRUE_FALSE', [], ['False'])).toEqual({ ok: true, acceptedAnswers: ['false'] });
  });

  it('refuses what no learner could match', () => {
    expect(canonicalAccepted('SINGLE_CHOICE', CHOICES, ['A', 'B'])).toMatchObject({ ok: false, index: 1 });
    expect(canonicalAccepted('SINGLE_CHOICE', CHOICES, ['E'])).toMatchObject({ ok: false, index: 0 });
    expect(canonicalAccepted('MULTIPLE_CHOICE', CHOICES, ['A', 'B', 'C', 'D'])).toMatchObject({
      ok: false,
      problem: 'at least one choice must be wrong',
    });
    expect(canonicalAccepted('TRUE_FALSE', [], ['maybe'])).toMatchObject({ ok: false });
    expect(canonicalAccepted('NUMERIC', [], ['1,000'])).toMatchObject({
      ok: false,
      problem: expect.stringContaining('ambiguous'),
    });
    expect(canonicalAccepted('CODE', [], ['def f(:'])).toMatchObject({ ok: false, problem: expect.stringContaining('parse') });
    expect(canonicalAccepted('CODE', [], ['re:(a+)+'])).toMatchObject({ ok: false });
    expect(canonicalAccepted('SHORT_TEXT', [], [])).toMatchObject({ ok: false });
  });

  it('keeps free answers as written: every one matches itself', () => {
    const accepted = ['age = 25', 're:^age\\s*=\\s*25$'];
    expect(canonicalAccepted('CODE', [], accepted)).toEqual({ ok: true, acceptedAnswers: accepted });
    expect(isCorrect(question({ kind: 'CODE', acceptedAnswers: accepted }), ['age = 25'])).toBe(true);
  });
});
