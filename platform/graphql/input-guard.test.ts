import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from '@jest/globals';
import { inputProblems, scalarProblem } from './input-guard.ts';

const schema = buildSchema(`
  scalar DateTime
  input NoteInput { title: String!, body: String, tags: [String!], parent: ParentInput }
  input ParentInput { id: ID! }
  type Query { note(id: ID!): String, notes(ids: [ID!]!): String, at(when: DateTime): String }
  type Mutation { addNote(input: NoteInput!): String }
`);

function problems(source: string, variables: Record<string, unknown> = {}) {
  const document = parse(source);
  return inputProblems(schema, document, document.definitions[0] as OperationDefinitionNode, variables);
}

describe('scalarProblem', () => {
  it('refuses control characters in ids, tab and line breaks included', () => {
    for (const value of ['a\u0000b', 'a\tb', 'a\nb', 'a\u001Fb', 'a\u007Fb']) expect(scalarProblem('ID', value)).toBeDefined();
    expect(scalarProblem('ID', '0190f0aa-1111-7000-8000-000000000000')).toBeUndefined();
  });

  it('keeps tab and line breaks in free text, refuses the other control characters', () => {
    expect(scalarProblem('String', 'line one\r\n\tline two')).toBeUndefined();
    for (const value of ['a\u0000b', 'a\u0008b', 'a\u001Bb', 'a\u007Fb']) expect(scalarProblem('String', value)).toBeDefined();
  });

  it('refuses lone surrogates but keeps any well-formed text', () => {
    expect(scalarProblem('String', 'emoji 😀 and ünïcödé')).toBeUndefined();
    expect(scalarProblem('String', 'broken \uD800 half')).toBe('is not valid Unicode');
  });
});

describe('inputProblems', () => {
  it('finds unsafe literals in arguments, lists and nested input objects', () => {
    expect(problems('{ note(id: "a\\u0000b") }')).toEqual([{ field: 'id', message: 'must not contain control characters' }]);
    expect(problems('{ notes(ids: ["ok", "a\\u0000b"]) }')).toHaveLength(1);
    expect(problems('mutation { addNote(input: { title: "t", parent: { id: "a\\u0001" } }) }')).toEqual([
      { field: 'input.parent.id', message: 'must not contain control characters' },
    ]);
  });

  it('finds unsafe variables at any depth of their declared type', () => {
    const add = 'mutation($input: NoteInput!) { addNote(input: $input) }';
    expect(problems(add, { input: { title: 'ok', tags: ['fine', 'bad\u0000'] } })).toEqual([
      { field: '$input.tags.1', message: expect.stringContaining('control characters') },
    ]);
    expect(problems(add, { input: { title: 'ok', parent: { id: 'x\ny' } } })).toEqual([
      { field: '$input.parent.id', message: 'must not contain control characters' },
    ]);
    expect(problems('query($ids: [ID!]!) { notes(ids: $ids) }', { ids: ['a\u0000b'] })).toHaveLength(1);
  });

  it('accepts safe input, and leaves mistyped variables to GraphQL coercion', () => {
    expect(
      problems('mutation($input: NoteInput!) { addNote(input: $input) }', { input: { title: 'a\tb', body: 'x\ny' } }),
    ).toEqual([]);
    expect(problems('query($id: ID!) { note(id: $id) }', { id: 42 })).toEqual([]);
    expect(problems('mutation($input: NoteInput!) { addNote(input: $input) }', { input: 'not an object' })).toEqual([]);
  });
});
