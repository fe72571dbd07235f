import { parse } from 'graphql';
import { describe, expect, it } from '@jest/globals';
import { operationSelectionProblem } from './operation-selection.ts';

describe('operationSelectionProblem', () => {
  it('accepts one operation, named or not, and a name the document defines', () => {
    expect(operationSelectionProblem(parse('{ a }'), undefined)).toBeUndefined();
    expect(operationSelectionProblem(parse('query A { a } query B { b }'), 'B')).toBeUndefined();
  });

  it('refuses an unknown name, and several operations without a name', () => {
    expect(operationSelectionProblem(parse('{ a }'), 'Nope')).toMatch(/no operation named "Nope"/);
    expect(operationSelectionProblem(parse('query A { a } query B { b }'), undefined)).toMatch(/several operations/);
    expect(operationSelectionProblem(parse('{ a } { b }'), undefined)).toMatch(/several operations/);
  });
});
