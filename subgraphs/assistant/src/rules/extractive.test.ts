import { describe, expect, it } from '@jest/globals';
import { bestCode, bestSentences, composeExtractive, maskInlineCode, NOTHING_FOUND, type SourcePassage } from './extractive.ts';

const loops: SourcePassage = {
  heading: 'Loops: for and while',
  kind: 'LESSON',
  text: 'A `for` loop runs its block once for each item. Python has no C-style loop. When you need the position as well as the item, use `enumerate`:\n\n```python\nfor i, x in enumerate(items):\n    print(i, x)\n```\n\n```python\nwhile True:\n    break\n```',
};
const step: SourcePassage = {
  heading: 'Loops > Step 2',
  kind: 'QUEST',
  text: 'Write a for loop over range(5).',
  hint: 'Start with `for i in range(5):`, range(5) gives 0 to 4',
};

describe('composeExtractive', () => {
  it('cites the passages it quotes, with the code closest to the question', () => {
    const answer = composeExtractive('How do I get the position of the item with enumerate?', 'CODE_HELP', [loops], null);
    expect(answer).toContain('**Loops: for and while** [1]');
    expect(answer).toContain('use `enumerate`');
    expect(answer).toContain('for i, x in enumerate(items)');
    expect(answer).not.toContain('while True');
  });

  it('shows the code of the best passage that has some', () => {
    const answer = composeExtractive('enumerate position', 'CODE_HELP', [step, loops], null);
    expect(answer).toContain('**Loops > Step 2** [1]');
    expect(answer).toContain('for i, x in enumerate(items)');
    expect(composeExtractive('enumerate position', 'GENERAL', [step, loops], null)).not.toContain('```');
  });

  it('says when nothing answers', () => {
    expect(composeExtractive('Who won the match?', 'GENERAL', [], null)).toBe(NOTHING_FOUND);
  });

  it('gives no code under the guard, the hint from the second stage on, a first step at the last', () => {
    const nudge = composeExtractive('what is the answer?', 'EXERCISE_HINT', [step, loops], 'NUDGE');
    const concept = composeExtractive('what is the answer?', 'EXERCISE_HINT', [step, loops], 'CONCEPT');
    const partial = composeExtractive('what is the answer?', 'EXERCISE_HINT', [step, loops], 'PARTIAL');
    for (const answer of [nudge, concept, partial]) {
      expect(answer).not.toContain('```');
      expect(answer).not.toContain('enumerate(items)');
      expect(answer).toContain('[2]');
    }
    expect(nudge).not.toContain('range(5) gives');
    expect(concept).toContain('Hint: Start with \u2026, range(5) gives 0 to 4');
    expect(concept).toContain('The idea:');
    expect(concept).not.toContain('`for`');
    expect(partial).toContain('A first step');
  });
});

describe('sentences and code', () => {
  it('keeps the best sentences in their own order', () => {
    expect(bestSentences('position item', loops.text, 1)).toEqual([
      'When you need the position as well as the item, use `enumerate`:',
    ]);
    expect(bestCode('nothing shared', 'no code here')).toBeUndefined();
    expect(maskInlineCode('use `x = 1` then `y`')).toBe('use \u2026 then \u2026');
  });
});
