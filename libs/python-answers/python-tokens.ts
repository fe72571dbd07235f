/**
 * A Python tokenizer for comparing code answers, never for running them. It keeps what changes a
 * program's meaning (names, numbers, strings, operators, line structure, indentation levels) and
 * drops what does not (comments, blank lines, spacing, the quote style of strings), so that
 * `age  =25  # years` and `age = 25` give the same tokens, and `print('hi')` equals `print("hi")`.
 * It follows Python's own tokenizer rules (tabs to multiples of 8, no NEWLINE inside brackets,
 * backslash continuations, `;` separating statements) without building a syntax tree.
 */

export type TokenKind = 'NAME' | 'NUMBER' | 'STRING' | 'OP' | 'NEWLINE' | 'INDENT' | 'DEDENT';

export interface Token {
  kind: TokenKind;
  /** Normalised: strings as prefix + "body", numbers lower-cased, names in NFKC. */
  text: string;
}

export type Tokenized = { ok: true; tokens: Token[] } | { ok: false; error: string };

// Longest first, so `**=` wins over `**` and `*`.
const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...', '!=', '%=', '&=', '**', '*=', '+=', '-=', '->', '//', '/=', ':=', '<<', '<=', '==',
  '>=', '>>', '@=', '^=', '|=', '%', '&', '*', '+', ',', '-', '.', '/', ':', '<', '=', '>', '@', '^', '|', '~',
]; // prettier-ignore
const OPENING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSING = new Set([')', ']', '}']);

const NUMBER =
  /(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?)/y;
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const STRING_START = /([rRbBuUfF]{0,2})('''|"""|'|")/y;
const VALID_PREFIXES = new Set(['', 'r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf']);

/** textwrap.dedent: removes the indentation common to every non-blank line (pasted from a block). */
function dedent(source: string): string {
  const lines = source.split('\n');
  const indents = lines.filter((line) => line.trim()).map((line) => /^[ \t]*/.exec(line)![0]);
  if (!indents.length) return source;
  let common = indents[0]!;
  for (const indent of indents) {
    let shared = 0;
    while (shared < common.length && common[shared] === indent[shared]) shared += 1;
    common = common.slice(0, shared);
  }
  return common ? lines.map((line) => (line.trim() ? line.slice(common.length) : '')).join('\n') : source;
}

/** The body of a string literal with quote escapes resolved (`'it\'s'` and `"it's"` are equal). */
function normaliseStringBody(body: string, raw: boolean): string {
  if (raw) return body;
  let out = '';
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index]!;
    if (char === '\\' && index + 1 < body.length) {
      const next = body[index + 1]!;
      out += next === "'" || next === '"' ? next : char + next;
      index += 1;
    } else out += char;
  }
  return out;
}

/** The `{expression!conversion:format}` fields of an f-string, with the expressions' spacing normalised. */
function normaliseFString(body: string): string {
  let out = '';
  let index = 0;
  while (index < body.length) {
    const char = body[index]!;
    if ((char === '{' || char === '}') && body[index + 1] === char) {
      out += char + char;
      index += 2;
      continue;
    }
    if (char !== '{') {
      out += char;
      index += 1;
      continue;
    }
    // Find the end of the expression: the first `!`, `:` or `}` outside brackets and quotes.
    let depth = 0;
    let quote: string | undefined;
    let end = index + 1;
    for (; end < body.length; end += 1) {
      const current = body[end]!;
      if (quote) {
        if (current === quote) quote = undefined;
      } else if (current === '"' || current === "'") quote = current;
      else if ('([{'.includes(current)) depth += 1;
      else if (')]}'.includes(current) && depth > 0) depth -= 1;
      else if (depth === 0 && (current === '}' || current === ':' || (current === '!' && body[end + 1] !== '='))) break;
    }
    const expression = tokenizePython(body.slice(index + 1, end));
    out += `{${expression.ok ? renderTokens(expression.tokens) : body.slice(index + 1, end).trim()}`;
    // The conversion and format spec, kept as written, up to the field's own closing brace.
    let nested = 0;
    let close = end;
    for (; close < body.length; close += 1) {
      if (body[close] === '{') nested += 1;
      else if (body[close] === '}' && nested-- === 0) break;
    }
    out += body.slice(end, close + 1);
    index = close + 1;
  }
  return out;
}

function stringToken(prefix: string, body: string): Token {
  const letters = [...prefix.toLowerCase().replace('u', '')].sort().join('');
  const normalised = normaliseStringBody(body, letters.includes('r'));
  return { kind: 'STRING', text: `${letters}"${letters.includes('f') ? normaliseFString(normalised) : normalised}"` };
}

export function tokenizePython(input: string): Tokenized {
  const source = dedent(input.replace(/\r\n?/g, '\n'));
  const tokens: Token[] = [];
  const indents = [0];
  const brackets: Array<{ char: string; line: number }> = [];
  let line = 1;
  let pos = 0;
  let atLineStart = true;
  const fail = (message: string): Tokenized => ({ ok: false, error: `line ${line}: ${message}` });
  const endStatement = () => {
    const last = tokens.at(-1);
    if (last && last.kind !== 'NEWLINE' && last.kind !== 'INDENT' && last.kind !== 'DEDENT') {
      tokens.push({ kind: 'NEWLINE', text: '' });
    }
  };

  while (pos < source.length) {
    if (atLineStart) {
      atLineStart = false;
      let column = 0;
      for (; pos < source.length; pos += 1) {
        const char = source[pos];
        if (char === ' ') column += 1;
        else if (char === '\t') column = Math.floor(column / 8) * 8 + 8;
        else if (char === '\f') column = 0;
        else break;
      }
      const char = source[pos];
      // Blank and comment-only lines do not count for indentation.
      if (char === undefined || char === '\n' || char === '#') continue;
      if (column > indents.at(-1)!) {
        indents.push(column);
        tokens.push({ kind: 'INDENT', text: '' });
      } else {
        while (column < indents.at(-1)!) {
          indents.pop();
          tokens.push({ kind: 'DEDENT', text: '' });
        }
        if (column !== indents.at(-1)) return fail('unindent does not match any outer indentation level');
      }
    }
    const char = source[pos]!;
    if (char === '\n') {
      if (!brackets.length) {
        endStatement();
        atLineStart = true;
      }
      line += 1;
      pos += 1;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\f') {
      pos += 1;
      continue;
    }
    if (char === '#') {
      while (pos < source.length && source[pos] !== '\n') pos += 1;
      continue;
    }
    if (char === '\\') {
      if (source[pos + 1] === '\n' || pos + 1 === source.length) {
        pos += 2;
        line += 1;
        continue;
      }
      return fail('unexpected character after line continuation character');
    }
    if (char === ';' && !brackets.length) {
      endStatement();
      pos += 1;
      continue;
    }

    STRING_START.lastIndex = pos;
    const stringStart = STRING_START.exec(source);
    if (stringStart && VALID_PREFIXES.has(stringStart[1]!.toLowerCase())) {
      const [opening, prefix, quote] = stringStart as unknown as [string, string, string];
      const startLine = line;
      let end = pos + opening.length;
      for (;;) {
        if (end >= source.length) {
          return quote.length === 3
            ? { ok: false, error: `line ${startLine}: unterminated triple-quoted string literal` }
            : fail('unterminated string literal');
        }
        const current = source[end]!;
        if (current === '\\') {
          if (source[end + 1] === '\n') line += 1;
          end += 2;
          continue;
        }
        if (current === '\n') {
          if (quote.length === 1) return fail('unterminated string literal');
          line += 1;
        }
        if (source.startsWith(quote, end)) break;
        end += 1;
      }
      tokens.push(stringToken(prefix, source.slice(pos + opening.length, end)));
      pos = end + quote.length;
      continue;
    }

    NUMBER.lastIndex = pos;
    const number = /[0-9]/.test(char) || (char === '.' && /[0-9]/.test(source[pos + 1] ?? '')) ? NUMBER.exec(source) : null;
    if (number) {
      tokens.push({ kind: 'NUMBER', text: number[0].toLowerCase() });
      pos += number[0].length;
      continue;
    }

    NAME.lastIndex = pos;
    const name = NAME.exec(source);
    if (name) {
      tokens.push({ kind: 'NAME', text: name[0].normalize('NFKC') });
      pos += name[0].length;
      continue;
    }

    if (Object.hasOwn(OPENING, char)) {
      brackets.push({ char, line });
      tokens.push({ kind: 'OP', text: char });
      pos += 1;
      continue;
    }
    if (CLOSING.has(char)) {
      const open = brackets.pop();
      if (!open) return fail(`unmatched '${char}'`);
      if (OPENING[open.char] !== char) return fail(`closing '${char}' does not match opening '${open.char}'`);
      tokens.push({ kind: 'OP', text: char });
      pos += 1;
      continue;
    }
    const operator = OPERATORS.find((candidate) => source.startsWith(candidate, pos));
    if (operator) {
      tokens.push({ kind: 'OP', text: operator });
      pos += operator.length;
      continue;
    }
    return fail(`invalid character '${char}'`);
  }

  const open = brackets.at(-1);
  if (open) return { ok: false, error: `line ${open.line}: '${open.char}' was never closed` };
  endStatement();
  for (let level = indents.length - 1; level > 0; level -= 1) tokens.push({ kind: 'DEDENT', text: '' });
  return { ok: true, tokens };
}

const WORDISH = new Set<TokenKind>(['NAME', 'NUMBER', 'STRING']);

/**
 * The normalised text of a token stream, what `re:` patterns are matched against: one logical line
 * per line, four spaces per indentation level, comments dropped, strings in double quotes, tokens
 * joined without spaces except one between two names, numbers or strings:
 * `for i in range(3):\n    print(i,"x")`.
 */
export function renderTokens(tokens: readonly Token[]): string {
  const lines: string[] = [];
  let level = 0;
  let current = '';
  let previous: Token | undefined;
  for (const token of tokens) {
    if (token.kind === 'INDENT') level += 1;
    else if (token.kind === 'DEDENT') level -= 1;
    else if (token.kind === 'NEWLINE') {
      lines.push(current);
      current = '';
      previous = undefined;
    } else {
      if (!previous) current = '    '.repeat(level);
      else if (WORDISH.has(previous.kind) && WORDISH.has(token.kind)) current += ' ';
      current += token.text;
      previous = token;
    }
  }
  if (current) lines.push(current);
  return lines.join('\n');
}

export const sameTokens = (left: readonly Token[], right: readonly Token[]): boolean =>
  left.length === right.length &&
  left.every((token, index) => token.kind === right[index]!.kind && token.text === right[index]!.text);
