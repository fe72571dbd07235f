import { describe, expect, it } from '@jest/globals';
import { chooseTemplate, DEFAULT_TEMPLATES, REQUIRED_PLACEHOLDERS, renderPrompt } from './templates.ts';
import { QUERY_TYPES } from './query-type.ts';

describe('templates', () => {
  it('has one template for ANY audience per query type, each with the placeholders', () => {
    for (const queryType of QUERY_TYPES) expect(chooseTemplate(DEFAULT_TEMPLATES, queryType, null).audience).toBe('ANY');
    for (const template of DEFAULT_TEMPLATES)
      for (const placeholder of REQUIRED_PLACEHOLDERS) expect(template.prompt).toContain(placeholder);
    expect(new Set(DEFAULT_TEMPLATES.map((template) => template.id)).size).toBe(DEFAULT_TEMPLATES.length);
  });

  it("prefers the audience's own template", () => {
    expect(chooseTemplate(DEFAULT_TEMPLATES, 'CONCEPT', 'BEGINNER').id).toBe('concept-beginner');
    expect(chooseTemplate(DEFAULT_TEMPLATES, 'CONCEPT', 'ADVANCED').id).toBe('concept');
    expect(() => chooseTemplate([], 'CONCEPT', null)).toThrow('No template');
  });

  it('fills the placeholders once, leaving placeholder-like text from the values alone', () => {
    expect(
      renderPrompt('{level}: {question} / {context} ({guard})', {
        question: 'Q {context}',
        context: 'C',
        level: 'beginner',
        guard: 'g',
      }),
    ).toBe('beginner: Q {context} / C (g)');
  });
});
