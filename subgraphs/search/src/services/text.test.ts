import { describe, expect, it } from '@jest/globals';
import { closestTerm, correctQuery, editDistance, markdownToText, parseQuery } from './text.ts';

describe('text helpers', () => {
  it('turns markdown into plain text, keeping code', () => {
    expect(
      markdownToText(
        '# Loops\n\nUse `range(5)`:\n\n```python\nfor n in range(5):\n    print(n)\n```\n- **bold** [link](http://x)',
      ),
    ).toBe('Loops Use range(5): for n in range(5): print(n) bold link');
  });

  it('parses phrases, words and exclusions', () => {
    expect(parseQuery('"for loops" pyhton -java or range')).toEqual({
      phrases: ['for loops'],
      words: ['pyhton', 'range'],
      excluded: ['java'],
    });
    expect(parseQuery('"unclosed phrase')).toEqual({ phrases: ['unclosed phrase'], words: [], excluded: [] });
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('pyhton', 'python')).toBe(1);
    expect(editDistance('dictionry', 'dictionary')).toBe(1);
    expect(editDistance('loop', 'loops')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('corrects within the budget of fuzziness AUTO, preferring fewer edits then frequent terms', () => {
    const terms = [
      { term: 'python', docCount: 30 },
      { term: 'pythonic', docCount: 2 },
      { term: 'loop', docCount: 4 },
      { term: 'loops', docCount: 9 },
      { term: 'list', docCount: 12 },
    ];
    expect(closestTerm('pyhton', terms)).toBe('python');
    expect(closestTerm('lops', terms)).toBe('loops');
    expect(closestTerm('lst', terms)).toBe('list');
    expect(closestTerm('xyz', terms)).toBeUndefined();
    expect(closestTerm('ab', [{ term: 'an', docCount: 1 }])).toBeUndefined();
  });

  it('rewrites unknown words outside phrases only', () => {
    expect(
      correctQuery(
        'Pyhton "pyhton loops" lops',
        new Map([
          ['pyhton', 'python'],
          ['lops', 'loops'],
        ]),
      ),
    ).toBe('python "pyhton loops" loops');
  });
});
