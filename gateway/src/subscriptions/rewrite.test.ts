import { buildSchema, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from '@jest/globals';
import { prepareSubscription } from './rewrite.ts';

const schema = buildSchema(`
  type Notification { id: ID! title: String! items(first: Int): [String!]! }
  type Query { notification(id: ID!): Notification leaderboard(scope: String!, first: Int): [String!]! }
  type Subscription {
    notificationAdded: Notification!
    leaderboardChanged(scope: String! = "GLOBAL", first: Int = 10): [String!]!
  }
`);

const prepare = (source: string, variables: Record<string, unknown> = {}) => {
  const document = parse(source);
  return prepareSubscription(schema, document, getOperationAST(document)!, variables);
};

describe('prepareSubscription', () => {
  it('answers with the query field under the same response key, keeping fragments and the variables they use', () => {
    const prepared = prepare(
      `subscription Mine($n: Int, $unused: Int) { added: notificationAdded { ...Parts items(first: $n) } }
       fragment Parts on Notification { id title }`,
      { n: 3, unused: 1 },
    );
    expect(prepared.fieldName).toBe('notificationAdded');
    expect(prepared.responseKey).toBe('added');
    const { query, variables } = prepared.buildQuery({ field: 'notification', arguments: { id: ['ID!', 'n-1'] } });
    expect(query.replace(/\s+/g, ' ')).toBe(
      'query Mine($n: Int, $__id: ID!) { added: notification(id: $__id) { ...Parts items(first: $n) } } fragment Parts on Notification { id title }',
    );
    expect(variables).toEqual({ n: 3, __id: 'n-1' });
  });

  it('coerces the subscription arguments, with defaults', () => {
    const prepared = prepare(`subscription ($first: Int) { leaderboardChanged(first: $first) }`, { first: 5 });
    expect(prepared.args).toEqual({ scope: 'GLOBAL', first: 5 });
    const { query, variables } = prepared.buildQuery({
      field: 'leaderboard',
      arguments: { scope: ['String!', 'GLOBAL'], first: ['Int', 5] },
    });
    // $first served only the subscription field: it is dropped, not left unused.
    expect(query).not.toContain('$first:');
    expect(variables).toEqual({ __scope: 'GLOBAL', __first: 5 });
  });

  it('refuses a root selected through a fragment', () => {
    expect(() => prepare(`subscription { ... on Subscription { notificationAdded { id } } }`)).toThrow(
      /exactly one subscription field/,
    );
  });
});
