import { expect, it } from '@jest/globals';
import { inferQueryType } from './query-type.ts';

it.each([
  ['Traceback (most recent call last):\n  File "x.py", line 1\nNameError: name "x" is not defined', 'DEBUGGING'],
  ['Why do I get a KeyError here?', 'DEBUGGING'],
  ["my code doesn't work", 'DEBUGGING'],
  ['```python\nprint(1)\n```\nwhat does this print?', 'CODE_HELP'],
  ['How do I reverse a list?', 'CODE_HELP'],
  ['I am stuck on step 2 of the quest', 'EXERCISE_HINT'],
  ['Can I get a hint?', 'EXERCISE_HINT'],
  ['What is a closure?', 'CONCEPT'],
  ['Explain list comprehensions', 'CONCEPT'],
  ["Qu'est-ce qu'un dictionnaire ?", 'CONCEPT'],
  ['Python or JavaScript for data work', 'GENERAL'],
])('%j is %s', (question, expected) => {
  expect(inferQueryType(question)).toBe(expected);
});

it('takes a question asked from a quest as an exercise question', () => {
  expect(inferQueryType('What is a tuple?', { questId: 'q1' })).toBe('EXERCISE_HINT');
});
