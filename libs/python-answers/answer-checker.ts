/**
 * Checks a learner's answer against a question's accepted answers (quests' steps, quizzes'
 * questions). Pure: no I/O, no state, and code is never run, only compared token by token (see
 * python-tokens.ts); `re:` patterns alone run under a time budget. The same rules validate what
 * authors write (`acceptedAnswerProblem`), so an accepted answer always accepts itself.
 */
import { createContext, Script } from 'node:vm';
import { renderTokens, sameTokens, tokenizePython, type Token } from './python-tokens.ts';

/** MULTIPLE_CHOICE designates one choice (by label or text); TEXT is a short free answer. */
export type AnswerKind = 'MULTIPLE_CHOICE' | 'CODE' | 'TEXT' | 'NUMERIC';

export interface CheckableQuestion {
  kind: AnswerKind;
  choices: readonly string[];
  acceptedAnswers: readonly string[];
  /** NUMERIC only: how far from an accepted number (or range) an answer may be, absolute. */
  tolerance?: number | null;
}

export interface Verdict {
  correct: boolean;
  /** Why the answer could not be read (not a number, code that does not parse...), to tell the learner. */
  problem?: string;
}

export const MAX_ANSWER_LENGTH = 10_000;
export const PATTERN_PREFIX = 're:';
/** Relative tolerance of NUMERIC answers, as Python's math.isclose. */
const REL_TOLERANCE = 1e-9;
const ABS_TOLERANCE = 1e-12;

export const choiceLabel = (index: number): string => String.fromCodePoint(65 + index);

// ---------------------------------------------------------------- multiple choice

/** "A", "a", "A)", "(b)", "c.", "D:" → the index it names, if it names one of `count` choices. */
function labelIndex(answer: string, count: number): number | undefined {
  const match = /^\(?([a-z])\)?[.:)]?$/i.exec(answer.trim());
  if (!match) return undefined;
  const index = match[1]!.toUpperCase().codePointAt(0)! - 65;
  return index < count ? index : undefined;
}

/** Case- and space-insensitive; markdown backticks are formatting, not content. */
export const normaliseChoice = (text: string): string => text.normalize('NFKC').replace(/[`\s]/g, '').toLowerCase();

/** The choice an answer designates: by label, by text, or by a label followed by its own text ("B) 42"). */
export function selectedChoice(answer: string, choices: readonly string[]): number | undefined {
  const byLabel = labelIndex(answer, choices.length);
  if (byLabel !== undefined) return byLabel;
  const text = normaliseChoice(answer);
  const byText = choices.findIndex((choice) => normaliseChoice(choice) === text);
  if (byText >= 0) return byText;
  const labelled = /^\(?([a-z])\)?[.:)]\s*(.+)$/is.exec(answer.trim());
  if (labelled) {
    const index = labelIndex(labelled[1]!, choices.length);
    if (index !== undefined && normaliseChoice(labelled[2]!) === normaliseChoice(choices[index]!)) return index;
  }
  return undefined;
}

function checkChoice(question: CheckableQuestion, answer: string): Verdict {
  const selected = selectedChoice(answer, question.choices);
  if (selected === undefined) {
    const last = choiceLabel(question.choices.length - 1);
    return { correct: false, problem: `Answer with a label (A to ${last}) or the text of a choice.` };
  }
  return { correct: question.acceptedAnswers.some((accepted) => selectedChoice(accepted, question.choices) === selected) };
}

// ---------------------------------------------------------------- text

const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '`': '`', '“': '”', '‘': '’', '«': '»' };

/** Case-insensitive, whitespace collapsed, surrounding quotes and final punctuation ignored. */
export function normaliseText(text: string): string {
  let current = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  for (;;) {
    let next = current.replace(/[.!?;:,…]+$/u, '').trim();
    const close = QUOTE_PAIRS[next[0] ?? ''];
    if (close && next.length >= 2 && next.endsWith(close)) next = next.slice(1, -1).trim();
    if (next === current) return current.toLowerCase();
    current = next;
  }
}

function checkText(question: CheckableQuestion, answer: string): Verdict {
  const given = normaliseText(answer);
  return { correct: question.acceptedAnswers.some((accepted) => normaliseText(accepted) === given) };
}

// ---------------------------------------------------------------- numbers

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * The values a learner's number may mean: "42", " 42 ", "3.5", "3,5" (decimal comma), "1,234.5"
 * and "1 234" (thousands), "1_000" (as in Python), "6.02e23", "−3" (Unicode minus). Only "1,000"
 * style input is ambiguous (1 or 1000): both readings are returned. Empty when not a number.
 */
export function numberReadings(raw: string): number[] {
  let text = raw
    .normalize('NFKC')
    .trim()
    .replace(/[\u2212\u2013]/g, '-')
    .replace(/(?<=\d)_(?=\d)/g, '');
  if (/^[+-]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?$/.test(text)) text = text.replaceAll(' ', '');
  const readings: string[] = [];
  const commas = text.split(',').length - 1;
  if (commas === 0) readings.push(text);
  else if (commas === 1 && !text.includes('.')) readings.push(text.replace(',', '.'));
  if (commas > 0 && /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?(?:e[+-]?\d+)?$/i.test(text)) readings.push(text.replaceAll(',', ''));
  return readings
    .filter((reading) => DECIMAL.test(reading))
    .map(Number)
    .filter(Number.isFinite);
}

/** A number with one reading only (what authors must write), else undefined. */
export function parseNumber(raw: string): number | undefined {
  const readings = numberReadings(raw);
  return readings.length === 1 ? readings[0] : undefined;
}

/** An accepted NUMERIC answer: one number, or an inclusive range `min..max`. */
export function parseNumericAnswer(accepted: string): { min: number; max: number } | undefined {
  const range = /^(.+?)\.\.(.+)$/.exec(accepted.trim());
  if (range) {
    const min = parseNumber(range[1]!);
    const max = parseNumber(range[2]!);
    return min !== undefined && max !== undefined && min <= max ? { min, max } : undefined;
  }
  const value = parseNumber(accepted);
  return value === undefined ? undefined : { min: value, max: value };
}

const isClose = (left: number, right: number) =>
  Math.abs(left - right) <= Math.max(REL_TOLERANCE * Math.max(Math.abs(left), Math.abs(right)), ABS_TOLERANCE);

const within = (value: number, range: { min: number; max: number }, tolerance = 0) =>
  (value >= range.min - tolerance && value <= range.max + tolerance) ||
  isClose(value, range.min - tolerance) ||
  isClose(value, range.max + tolerance);

function checkNumber(question: CheckableQuestion, answer: string): Verdict {
  const readings = numberReadings(answer);
  if (!readings.length) return { correct: false, problem: 'Answer with a number, e.g. 42 or 3.5.' };
  const ranges = question.acceptedAnswers.map(parseNumericAnswer).filter((range) => range !== undefined);
  const tolerance = Math.abs(question.tolerance ?? 0);
  return { correct: readings.some((value) => ranges.some((range) => within(value, range, tolerance))) };
}

// ---------------------------------------------------------------- code

/** Code pasted as markdown (```python fences or `inline`) is read as the code inside. */
export function unwrapCode(answer: string): string {
  const fenced = /^\s*```[\w+-]*[ \t]*\n([\s\S]*?)\n?[ \t]*```\s*$/.exec(answer);
  if (fenced) return fenced[1]!;
  const inline = /^\s*`([^`\n]+)`\s*$/.exec(answer);
  return inline ? inline[1]! : answer;
}

function compilePattern(pattern: string): { regex: RegExp } | { error: string } {
  try {
    return { regex: new RegExp(pattern) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Why a `re:` pattern cannot be used: invalid, too long, or prone to catastrophic backtracking. */
export function patternProblem(pattern: string): string | undefined {
  if (!pattern) return 'the pattern after re: is empty';
  if (pattern.length > 500) return 'a pattern must be at most 500 characters';
  const compiled = compilePattern(pattern);
  if ('error' in compiled) return `invalid regular expression: ${compiled.error}`;
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references are not allowed in patterns';
  // Star height: a repeated group that itself repeats can take exponential time ((a+)+, (\w*\s?)*).
  const groups: boolean[] = [false];
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (char === '\\') {
      index += 1;
      continue;
    }
    if (char === '[') {
      for (index += 1; index < pattern.length && pattern[index] !== ']'; index += 1) if (pattern[index] === '\\') index += 1;
      continue;
    }
    if (char === '(') {
      groups.push(false);
      // (?:...), (?=...), (?<name>...) are groups, not a `?` quantifier.
      index += /^\((?:\?(?:[:=!]|<[=!]|<[A-Za-z_$][\w$]*>))?/.exec(pattern.slice(index))![0].length - 1;
    } else if (char === ')') {
      const repeats = groups.pop() ?? false;
      const next = pattern.slice(index + 1);
      const unbounded = /^(?:[*+]|\{\d+,\d*\})/.test(next) && !/^\{(\d+),\1\}/.test(next);
      if (repeats && unbounded) return 'nested repetition such as (a+)+ is not allowed (it can make matching very slow)';
      groups[groups.length - 1] ||= repeats || unbounded;
    } else if ('*+?{'.includes(char)) groups[groups.length - 1] = true;
  }
  return undefined;
}

/**
 * Patterns run with a time budget, as a second line of defence after patternProblem: V8 stops a
 * runaway match (`^.*.*.*z$` against 10 000 characters), so no answer can stall the server.
 */
const PATTERN_BUDGET_MS = 50;
const sandbox = createContext({});
const runPattern = new Script('pattern.test(text)');

function testWithinBudget(regex: RegExp, text: string): boolean | 'timeout' {
  sandbox.pattern = regex;
  sandbox.text = text;
  try {
    return runPattern.runInContext(sandbox, { timeout: PATTERN_BUDGET_MS }) === true;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'timeout';
    throw error;
  } finally {
    sandbox.pattern = undefined;
    sandbox.text = undefined;
  }
}

function checkCode(question: CheckableQuestion, answer: string): Verdict {
  const given = tokenizePython(unwrapCode(answer));
  if (!given.ok) return { correct: false, problem: `Your code does not parse (${given.error}).` };
  let rendered: string | undefined;
  let timedOut = false;
  const matches = (accepted: string): boolean => {
    if (accepted.startsWith(PATTERN_PREFIX)) {
      const pattern = accepted.slice(PATTERN_PREFIX.length);
      const compiled = compilePattern(pattern);
      if ('error' in compiled || patternProblem(pattern)) return false;
      rendered ??= renderTokens(given.tokens);
      const result = testWithinBudget(compiled.regex, rendered);
      timedOut ||= result === 'timeout';
      return result === true;
    }
    const reference = tokenizePython(accepted);
    return reference.ok && sameTokens(given.tokens, reference.tokens);
  };
  if (question.acceptedAnswers.some(matches)) return { correct: true };
  return timedOut ? { correct: false, problem: 'Your code took too long to check: write it more simply.' } : { correct: false };
}

/** The normalised tokens of a code answer (exported for tests and tooling). */
export function codeTokens(code: string): Token[] | undefined {
  const result = tokenizePython(unwrapCode(code));
  return result.ok ? result.tokens : undefined;
}

// ---------------------------------------------------------------- entry points

export function checkAnswer(question: CheckableQuestion, answer: string): Verdict {
  if (answer.length > MAX_ANSWER_LENGTH)
    return { correct: false, problem: `Answers are limited to ${MAX_ANSWER_LENGTH} characters.` };
  switch (question.kind) {
    case 'MULTIPLE_CHOICE':
      return checkChoice(question, answer);
    case 'TEXT':
      return checkText(question, answer);
    case 'NUMERIC':
      return checkNumber(question, answer);
    case 'CODE':
      return checkCode(question, answer);
  }
}

/** Authoring: why `accepted` cannot be an accepted answer of a question of this kind, if it cannot. */
export function acceptedAnswerProblem(kind: AnswerKind, accepted: string, choices: readonly string[]): string | undefined {
  if (!accepted.trim()) return 'must not be empty';
  switch (kind) {
    case 'MULTIPLE_CHOICE':
      return selectedChoice(accepted, choices) === undefined
        ? `is neither a label (A to ${choiceLabel(Math.max(choices.length - 1, 0))}) nor the text of a choice`
        : undefined;
    case 'TEXT':
      return normaliseText(accepted) ? undefined : 'is empty once quotes and final punctuation are ignored';
    case 'NUMERIC':
      if (parseNumericAnswer(accepted)) return undefined;
      return numberReadings(accepted).length > 1
        ? 'is ambiguous (a decimal comma or a thousands separator?): write 1000 or 1.5'
        : 'must be a number (e.g. 3.5) or a range min..max with min <= max';
    case 'CODE': {
      if (accepted.startsWith(PATTERN_PREFIX)) return patternProblem(accepted.slice(PATTERN_PREFIX.length));
      const tokens = tokenizePython(accepted);
      if (!tokens.ok) return `does not parse as Python (${tokens.error})`;
      return tokens.tokens.length ? undefined : 'holds no code (only comments or blank lines)';
    }
  }
}

/** Authoring: why a list of choices is unusable (duplicates, or a text that reads as another choice's label). */
export function choicesProblem(choices: readonly string[]): { index: number; message: string } | undefined {
  const seen = new Map<string, number>();
  for (const [index, choice] of choices.entries()) {
    const key = normaliseChoice(choice);
    if (!key) return { index, message: 'must not be empty' };
    if (seen.has(key)) return { index, message: `repeats choice ${choiceLabel(seen.get(key)!)}` };
    seen.set(key, index);
    const asLabel = labelIndex(choice, choices.length);
    if (asLabel !== undefined && asLabel !== index) {
      return { index, message: `reads as the label of choice ${choiceLabel(asLabel)}: learners could not tell them apart` };
    }
  }
  return undefined;
}
