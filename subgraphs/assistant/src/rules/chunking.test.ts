import { describe, expect, it } from '@jest/globals';
import { blocksOf, chunkMarkdown, withoutCode } from './chunking.ts';

const LESSON = `A \`for\` loop runs its block once per item.

\`\`\`python
# a comment, not a heading
for n in range(3):
    print(n)
\`\`\`

## while loops

\`while\` repeats while its condition is true.

### Careful

It must end.

# Loops

Back at the top level.`;

describe('chunkMarkdown', () => {
  it('makes one passage per section under its heading path, code blocks whole', () => {
    expect(chunkMarkdown('Loops', LESSON)).toEqual([
      { heading: 'Loops', text: expect.stringContaining('# a comment, not a heading\nfor n in range(3):\n    print(n)\n```') },
      { heading: 'Loops > while loops', text: '`while` repeats while its condition is true.' },
      { heading: 'Loops > while loops > Careful', text: 'It must end.' },
      // A level-1 heading repeating the title does not nest under itself.
      { heading: 'Loops', text: 'Back at the top level.' },
    ]);
  });

  it('cuts a long section between paragraphs and never inside a code block', () => {
    const code = `\`\`\`python\n${Array.from({ length: 60 }, (_, index) => `x${index} = ${index}`).join('\n')}\n\`\`\``;
    const text = [`${'word '.repeat(100)}.`, code, `${'more '.repeat(100)}.`].join('\n\n');
    const passages = chunkMarkdown('Long', text, 600);
    expect(passages.length).toBe(3);
    expect(passages[1]!.text).toBe(code);
    expect(passages.every((passage) => passage.heading === 'Long')).toBe(true);
  });

  it('keeps an unclosed fence to the end, and skips empty sections', () => {
    expect(chunkMarkdown('T', '## Empty\n\n## Code\n\n```\n## not a heading')).toEqual([
      { heading: 'T > Code', text: '```\n## not a heading' },
    ]);
    expect(chunkMarkdown('T', '')).toEqual([]);
  });

  it('handles Windows line endings and tildes fences', () => {
    expect(chunkMarkdown('T', '## A\r\n\r\n~~~\r\n# x\r\n~~~\r\n')).toEqual([{ heading: 'T > A', text: '~~~\n# x\n~~~' }]);
  });
});

describe('withoutCode', () => {
  it('drops fenced blocks and keeps the prose', () => {
    expect(withoutCode('Before.\n\n```python\nsecret = 42\n```\n\nAfter.')).toBe('Before.\n\nAfter.');
    expect(blocksOf('a\n\n\n\nb')).toEqual(['a', 'b']);
  });
});
