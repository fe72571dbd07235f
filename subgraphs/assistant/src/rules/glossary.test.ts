import { expect, it } from '@jest/globals';
import { detectLanguage } from './language.ts';
import { expandForSearch } from './glossary.ts';

it('names operators and translates French learners’ words for the search', () => {
  expect(expandForSearch('What does += do?')).toContain('augmented assignment');
  expect(expandForSearch('a // b vs a / b')).toContain('floor division');
  expect(expandForSearch('a // b vs a / b')).toContain('division');
  expect(expandForSearch('Comment parcourir un dictionnaire ?')).toContain('dictionary');
  expect(expandForSearch('What is a closure?')).toBe('What is a closure?');
});

it('tells French from English', () => {
  expect(detectLanguage('Les boucles parcourent les éléments d’une liste et ce sont des outils')).toBe('french');
  expect(detectLanguage('A for loop runs its block once for each item of the list')).toBe('english');
  expect(detectLanguage('')).toBe('english');
});
