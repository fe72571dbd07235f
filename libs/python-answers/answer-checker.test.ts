import { describe, expect, it } from '@jest/globals';
import {
  acceptedAnswerProblem,
  checkAnswer,
  choicesProblem,
  codeTokens,
  MAX_ANSWER_LENGTH,
  normaliseText,
  numberReadings,
  parseNumericAnswer,
  patternProblem,
  selectedChoice,
  unwrapCode,
  type AnswerKind,
} from './answer-checker.ts';
import { renderTokens, tokenizePython } from './python-tokens.ts';

const step = (kind: AnswerKind, acceptedAnswers: string[], choices: string[] = []) => ({ kind, acceptedAnswers, choices });
const accepts = (kind: AnswerKind, accepted: string[], answer: string, choices: string[] = []) =>
  checkAnswer(step(kind, accepted, choices), answer).correct;

describe('MULTIPLE_CHOICE', () => {
  const choices = ['A list', 'A tuple', 'A dict', 'A set'];
  const tuple = step('MULTIPLE_CHOICE', ['B'], choices);

  it.each([
    'B',
    'b',
    'B)',
    'b)',
    '(B)',
    'b.',
    'B:',
    ' b ',
    'A tuple',
    'a TUPLE',
    '  a   tuple ',
    'atuple',
    'B) A tuple',
    'b. a tuple',
  ])('accepts %j for B', (answer) => {
    expect(checkAnswer(tuple, answer).correct).toBe(true);
  });

  it.each(['A', 'c)', 'D.', 'A list', 'tuple', 'B) A list', 'BB', 'B tuple'])('refuses %j for B', (answer) => {
    expect(checkAnswer(tuple, answer).correct).toBe(false);
  });

  it('explains an answer that designates no choice', () => {
    expect(checkAnswer(tuple, 'E')).toEqual({ correct: false, problem: 'Answer with a label (A to D) or the text of a choice.' });
    expect(checkAnswer(tuple, 'a frozenset').problem).toContain('label');
    expect(checkAnswer(tuple, 'A').problem).toBeUndefined();
  });

  it('takes accepted answers written as labels or as texts, several of them', () => {
    expect(accepts('MULTIPLE_CHOICE', ['a tuple'], 'B', choices)).toBe(true);
    expect(accepts('MULTIPLE_CHOICE', ['A', 'D'], 'a set', choices)).toBe(true);
    expect(accepts('MULTIPLE_CHOICE', ['A', 'D'], 'C', choices)).toBe(false);
  });

  it('compares code-like choices without caring for spaces or markdown backticks', () => {
    const code = ['`[1, 2, 3]`', '`(1, 2, 3)`', '`{1, 2, 3}`'];
    expect(selectedChoice('[1,2,3]', code)).toBe(0);
    expect(selectedChoice('( 1, 2, 3 )', code)).toBe(1);
    expect(selectedChoice('{1,2}', code)).toBeUndefined();
  });

  it('reads numbers as texts, letters beyond the choices as texts too', () => {
    expect(selectedChoice('2', ['1', '2', '3'])).toBe(1);
    expect(selectedChoice('x', ['x', 'y'])).toBe(0);
    expect(selectedChoice('c', ['a', 'b'])).toBeUndefined();
  });
});

describe('choicesProblem', () => {
  it('refuses duplicates and texts that read as another label', () => {
    expect(choicesProblem(['yes', 'no'])).toBeUndefined();
    expect(choicesProblem(['A', 'B'])).toBeUndefined();
    expect(choicesProblem(['Yes', ' yes '])).toEqual({ index: 1, message: 'repeats choice A' });
    expect(choicesProblem(['b', 'a'])?.message).toMatch(/label of choice B/);
  });
});

describe('TEXT', () => {
  const immutable = step('TEXT', ['immutable', 'not mutable']);

  it.each([
    'immutable',
    'Immutable',
    'IMMUTABLE',
    '  immutable  ',
    'immutable.',
    'Immutable!',
    '"immutable"',
    "'immutable'",
    '`immutable`',
    '“immutable”.',
    '"Immutable."',
    'not   mutable',
    'Not mutable...',
    '  NOT\tMUTABLE ?',
  ])('accepts %j', (answer) => {
    expect(checkAnswer(immutable, answer).correct).toBe(true);
  });

  it.each(['mutable', 'immutable object', 'im mutable', 'immutabel', '"immutable', 'notmutable', ''])('refuses %j', (answer) => {
    expect(checkAnswer(immutable, answer).correct).toBe(false);
  });

  it('normalises to lower case, collapsed spaces, no quotes or final punctuation', () => {
    expect(normaliseText('  "Hello,   World!" ')).toBe('hello, world');
    expect(normaliseText('«  Bonjour  ».')).toBe('bonjour');
    expect(normaliseText('...')).toBe('');
  });
});

describe('NUMERIC', () => {
  it.each([
    ['3.5', '3.5'],
    ['3.5', '3,5'],
    ['3.5', ' 3.50 '],
    ['42', ' 42 '],
    ['42', '42.0'],
    ['42', '+42'],
    ['42', '4.2e1'],
    ['42', '420E-1'],
    ['-3', '−3'],
    ['1000', '1_000'],
    ['1000', '1,000'],
    ['1000000', '1,000,000'],
    ['1234.5', '1,234.5'],
    ['1234', '1 234'],
    ['6.02e23', '602000000000000000000000'],
    ['0.3', '0.30000000000000004'],
    ['0.5', '.5'],
    ['2', '2.'],
  ])('accepted %s takes %j', (accepted, answer) => {
    expect(accepts('NUMERIC', [accepted], answer)).toBe(true);
  });

  it.each([
    ['3.5', '3.6'],
    ['42', '41.999'],
    ['42', '-42'],
    ['0.3333', '0.3334'],
    ['1', '1,5'],
  ])('accepted %s refuses %j', (accepted, answer) => {
    expect(accepts('NUMERIC', [accepted], answer)).toBe(false);
  });

  it('accepts inclusive ranges min..max', () => {
    expect(accepts('NUMERIC', ['3.14..3.1416'], '3.14')).toBe(true);
    expect(accepts('NUMERIC', ['3.14..3.1416'], '3.1416')).toBe(true);
    expect(accepts('NUMERIC', ['3.14..3.1416'], '3,1415')).toBe(true);
    expect(accepts('NUMERIC', ['3.14..3.1416'], '3.1417')).toBe(false);
    expect(accepts('NUMERIC', ['-1..1'], '0')).toBe(true);
    expect(accepts('NUMERIC', ['-1..1'], '-1.5')).toBe(false);
    expect(parseNumericAnswer('.5..1.5')).toEqual({ min: 0.5, max: 1.5 });
    expect(parseNumericAnswer('2..1')).toBeUndefined();
  });

  it('widens each accepted number and range by an absolute tolerance', () => {
    const pi = { kind: 'NUMERIC' as const, choices: [], acceptedAnswers: ['3.14159'], tolerance: 0.01 };
    expect(checkAnswer(pi, '3.14').correct).toBe(true);
    expect(checkAnswer(pi, '3,15').correct).toBe(true);
    expect(checkAnswer(pi, '3.13').correct).toBe(false);
    expect(checkAnswer({ ...pi, acceptedAnswers: ['1..2'], tolerance: 0.5 }, '2.5').correct).toBe(true);
    expect(checkAnswer({ ...pi, acceptedAnswers: ['1..2'], tolerance: 0.5 }, '0.4').correct).toBe(false);
    // Without a tolerance only floating-point noise is forgiven; a negative one counts as its size.
    expect(checkAnswer({ ...pi, tolerance: null }, '3.1416').correct).toBe(false);
    expect(checkAnswer({ ...pi, tolerance: -0.01 }, '3.14').correct).toBe(true);
  });

  it('tells the learner when the answer is not a number', () => {
    for (const answer of ['forty-two', '4 2', '1/2', '0x2a', '42%', 'NaN', 'Infinity', '1e999', '1,2,3', '3.5.1']) {
      expect({ answer, verdict: checkAnswer(step('NUMERIC', ['42']), answer) }).toEqual({
        answer,
        verdict: { correct: false, problem: 'Answer with a number, e.g. 42 or 3.5.' },
      });
    }
  });

  it('reads "1,000" both ways, and nothing else ambiguously', () => {
    expect(numberReadings('1,000')).toEqual([1, 1000]);
    expect(numberReadings('1,5')).toEqual([1.5]);
    expect(numberReadings('1,000.5')).toEqual([1000.5]);
  });
});

describe('CODE', () => {
  const age = step('CODE', ['age = 25']);

  it.each([
    'age = 25',
    'age=25',
    'age  =25  # comment',
    'age = 25   ',
    '\n\nage = 25\n\n',
    '    age = 25',
    'age = 25;',
    '```python\nage = 25\n```',
    '```\nage = 25\n```',
    '`age = 25`',
    'age = \\\n  25',
    'age = 25\r\n',
    '# my answer\nage = 25 # done',
  ])('accepts %j for age = 25', (answer) => {
    expect(checkAnswer(age, answer).correct).toBe(true);
  });

  it.each([
    'age = 26',
    'Age = 25',
    'age == 25',
    'age = "25"',
    'age = 25.0',
    'age = 25\nage = 26',
    'age: int = 25',
    'ag e = 25',
    '25 = age',
  ])('refuses %j for age = 25', (answer) => {
    expect(checkAnswer(age, answer).correct).toBe(false);
  });

  it('ignores the quote style of strings, not their content', () => {
    const hi = step('CODE', ['print("hi")']);
    for (const answer of ["print('hi')", 'print("hi")', "print('''hi''')", 'print( "hi" )'])
      expect(checkAnswer(hi, answer).correct).toBe(true);
    for (const answer of ["print('Hi')", "print('hi ')", 'print(hi)', "print(f'hi')", "print(b'hi')"])
      expect(checkAnswer(hi, answer).correct).toBe(false);
    expect(accepts('CODE', [`s = "it's"`], `s = 'it\\'s'`)).toBe(true);
    expect(accepts('CODE', [`path = r'C:\\new'`], `path = R"C:\\new"`)).toBe(true);
  });

  it('keeps line structure and indentation levels, whatever the indentation width', () => {
    const loop = step('CODE', ['for i in range(3):\n    print(i)']);
    expect(checkAnswer(loop, 'for i in range(3):\n  print(i)').correct).toBe(true);
    expect(checkAnswer(loop, 'for i in range(3):\n\tprint(i)').correct).toBe(true);
    expect(checkAnswer(loop, 'for i in range(3):\n\n    # show it\n    print(i)\n').correct).toBe(true);
    expect(checkAnswer(loop, 'for i in range(3): print(i)').correct).toBe(false);
    expect(checkAnswer(loop, 'for i in range(3):\nprint(i)').correct).toBe(false);

    const nested = step('CODE', ['def f(x):\n    if x:\n        return 1\n    return 2']);
    expect(checkAnswer(nested, 'def f(x):\n  if x:\n    return 1\n  return 2').correct).toBe(true);
    expect(checkAnswer(nested, 'def f(x):\n    if x:\n        return 1\n        return 2').correct).toBe(false);
  });

  it('joins lines inside brackets and treats ; as a statement separator', () => {
    expect(accepts('CODE', ['nums = [1, 2, 3]'], 'nums = [\n    1,\n    2,\n    3\n]')).toBe(true);
    expect(accepts('CODE', ['a = 1\nb = 2'], 'a = 1; b = 2')).toBe(true);
  });

  it('normalises spacing inside f-string fields only', () => {
    expect(accepts('CODE', ['print(f"{name}: {age + 1}")'], "print(f'{name}: {age+1}')")).toBe(true);
    expect(accepts('CODE', ['print(f"{name}: {age + 1}")'], "print(f'{name} : {age+1}')")).toBe(false);
    expect(accepts('CODE', ['print(f"{x:>10}")'], 'print(f"{ x :>10}")')).toBe(true);
  });

  it('explains code that does not parse', () => {
    expect(checkAnswer(age, 'age = "25')).toEqual({
      correct: false,
      problem: 'Your code does not parse (line 1: unterminated string literal).',
    });
    expect(checkAnswer(age, 'print((age)').problem).toMatch(/was never closed/);
    expect(checkAnswer(age, 'if x:\n    a = 1\n  b = 2').problem).toMatch(/unindent/);
    expect(checkAnswer(age, 'age = 25 $').problem).toMatch(/invalid character/);
  });

  it('matches re: patterns against the normalised code', () => {
    const printed = step('CODE', ['re:^print\\(".*"\\)$']);
    expect(checkAnswer(printed, "print('anything at all')").correct).toBe(true);
    expect(checkAnswer(printed, 'print(  "x"  )  # shout').correct).toBe(true);
    expect(checkAnswer(printed, 'print(x)').correct).toBe(false);
    expect(checkAnswer(printed, 'x = 1\nprint("x")').correct).toBe(false);
    const anyName = step('CODE', ['re:^\\w+=25$', 'age = 25']);
    expect(checkAnswer(anyName, 'years=25').correct).toBe(true);
    expect(checkAnswer(anyName, 'years = 26').correct).toBe(false);
  });

  it('gives up on a pattern that takes too long instead of stalling', () => {
    const slow = step('CODE', ['re:^.*.*.*.*z$']);
    expect(patternProblem('^.*.*.*.*z$')).toBeUndefined();
    const started = Date.now();
    expect(checkAnswer(slow, 'x'.repeat(MAX_ANSWER_LENGTH))).toEqual({
      correct: false,
      problem: 'Your code took too long to check: write it more simply.',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(checkAnswer(slow, 'xz').correct).toBe(true);
  });

  it('never runs anything: dangerous code is only text', () => {
    expect(accepts('CODE', ['age = 25'], "__import__('os').system('rm -rf /')")).toBe(false);
  });
});

describe('tokenizePython', () => {
  it('renders the normalised text that patterns see', () => {
    const result = tokenizePython("for i in range(3):  # loop\n  print(i, 'x')\nelse:\n  pass");
    expect(result.ok && renderTokens(result.tokens)).toBe('for i in range(3):\n    print(i,"x")\nelse:\n    pass');
  });

  it('marks where blocks open and close', () => {
    const kinds = (code: string) => codeTokens(code)?.map((token) => token.kind);
    expect(kinds('if x:\n    y\nz')).toEqual([
      'NAME',
      'NAME',
      'OP',
      'NEWLINE',
      'INDENT',
      'NAME',
      'NEWLINE',
      'DEDENT',
      'NAME',
      'NEWLINE',
    ]);
    expect(kinds('if x:\n    if y:\n        z')).toEqual([
      'NAME', 'NAME', 'OP', 'NEWLINE', 'INDENT', 'NAME', 'NAME', 'OP', 'NEWLINE', 'INDENT', 'NAME', 'NEWLINE', 'DEDENT', 'DEDENT',
    ]); // prettier-ignore
  });

  it('normalises number spelling and string prefixes', () => {
    expect(codeTokens('x = 0XFF + 1E3')?.map((token) => token.text)).toEqual(['x', '=', '0xff', '+', '1e3', '']);
    expect(codeTokens("Rb'x'")?.[0]?.text).toBe('br"x"');
    expect(codeTokens("u'x'")?.[0]?.text).toBe('"x"');
  });

  it('reads operators longest first', () => {
    expect(codeTokens('a **= b // c -> d := e != f ... g')?.map((token) => token.text)).toEqual([
      'a', '**=', 'b', '//', 'c', '->', 'd', ':=', 'e', '!=', 'f', '...', 'g', '',
    ]); // prettier-ignore
  });

  it('counts lines in errors, triple-quoted strings included', () => {
    expect(tokenizePython('x = 1\ns = """a\nb\n')).toEqual({
      ok: false,
      error: 'line 2: unterminated triple-quoted string literal',
    });
    expect(tokenizePython('x = (1,\n2]')).toEqual({ ok: false, error: "line 2: closing ']' does not match opening '('" });
    expect(tokenizePython('x = 1)')).toEqual({ ok: false, error: "line 1: unmatched ')'" });
  });

  it('strips markdown around pasted code', () => {
    expect(unwrapCode('```py\nx = 1\ny = 2\n```')).toBe('x = 1\ny = 2');
    expect(unwrapCode('  `x = 1`  ')).toBe('x = 1');
    expect(unwrapCode('x = `1`')).toBe('x = `1`');
  });
});

describe('patternProblem', () => {
  it.each([
    '^print\\(',
    '\\d+(\\.\\d+)?',
    '(?:print|input)\\(.*\\)',
    '^for \\w+ in range\\(\\d+\\):',
    '(?<name>\\w+)=1',
    '(ab){2,2}',
  ])('allows %j', (pattern) => {
    expect(patternProblem(pattern)).toBeUndefined();
  });

  it.each(['', '(', '[a-', '(a+)+', '(\\w*\\s?)*', '(?:a|b+){2,}', '(x)\\1', '(?<n>a)\\k<n>', 'a'.repeat(501)])(
    'refuses %j',
    (pattern) => {
      expect(patternProblem(pattern)).toBeDefined();
    },
  );
});

describe('acceptedAnswerProblem', () => {
  it('checks each kind with the rules that judge learners', () => {
    expect(acceptedAnswerProblem('MULTIPLE_CHOICE', 'C', ['x', 'y'])).toMatch(/neither a label \(A to B\)/);
    expect(acceptedAnswerProblem('MULTIPLE_CHOICE', 'y', ['x', 'y'])).toBeUndefined();
    expect(acceptedAnswerProblem('TEXT', '"."', [])).toMatch(/empty/);
    expect(acceptedAnswerProblem('NUMERIC', 'ten', [])).toMatch(/number/);
    expect(acceptedAnswerProblem('NUMERIC', '1,000', [])).toMatch(/ambiguous/);
    expect(acceptedAnswerProblem('NUMERIC', '5..1', [])).toMatch(/min <= max/);
    expect(acceptedAnswerProblem('NUMERIC', '1..5', [])).toBeUndefined();
    expect(acceptedAnswerProblem('CODE', 'print("x"', [])).toMatch(/does not parse/);
    expect(acceptedAnswerProblem('CODE', '# only a comment', [])).toMatch(/no code/);
    expect(acceptedAnswerProblem('CODE', 're:(a+)+', [])).toMatch(/nested repetition/);
    expect(acceptedAnswerProblem('CODE', 're:[', [])).toMatch(/invalid regular expression/);
    expect(acceptedAnswerProblem('CODE', '   ', [])).toBe('must not be empty');
  });
});

it(`refuses answers longer than ${MAX_ANSWER_LENGTH} characters without reading them`, () => {
  const verdict = checkAnswer(step('TEXT', ['x']), 'x'.repeat(MAX_ANSWER_LENGTH + 1));
  expect(verdict.correct).toBe(false);
  expect(verdict.problem).toMatch(/limited/);
});
