import { describe, expect, it } from '@jest/globals';
import { createCourseInput, slugify } from './inputs.ts';

describe('slugify', () => {
  it.each([
    ['Python: Data Structures!', 'python-data-structures'],
    ['Écrire du Python élégant', 'ecrire-du-python-elegant'],
    ['  --Loops--  ', 'loops'],
    ['C#', 'course-c'],
  ])('%s → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });
});

describe('createCourseInput', () => {
  it('normalises tags: trimmed, lower-cased, unique', () => {
    const input = createCourseInput.parse({
      title: 'Loops',
      description: 'All about loops.',
      level: 'BEGINNER',
      tags: [' Python ', 'python', 'LOOPS'],
    });
    expect(input.tags).toEqual(['python', 'loops']);
  });

  it('refuses more than ten tags and odd characters', () => {
    const base = { title: 'Loops', description: 'All about loops.', level: 'BEGINNER' };
    expect(createCourseInput.safeParse({ ...base, tags: Array.from({ length: 11 }, (_, index) => `t${index}`) }).success).toBe(
      false,
    );
    expect(createCourseInput.safeParse({ ...base, tags: ['<script>'] }).success).toBe(false);
  });
});
