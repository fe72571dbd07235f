import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';
import { describe, expect, it } from '@jest/globals';
import { enforceAuthorization, rolePolicy } from './directives.ts';
import type { Viewer } from './viewer.ts';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@key", "@authenticated", "@requiresScopes", "@policy"])
  type Account @key(fields: "id") {
    id: ID!
    name: String!
    secret: String @policy(policies: [["self"], ["admin"]])
  }
  type Report @authenticated {
    title: String!
    figures: String @requiresScopes(scopes: [["ANALYST"], ["ADMIN"]])
  }
  type Query {
    account(id: ID!): Account
    report: Report
    reviewQueue: [String!]! @requiresScopes(scopes: [["INSTRUCTOR", "ADMIN"]])
  }
`);

const schema = buildSubgraphSchema([
  {
    typeDefs,
    resolvers: {
      Query: {
        account: (_: unknown, { id }: { id: string }) => ({ id, name: `Account ${id}`, secret: `secret of ${id}` }),
        report: () => ({ title: 'Q3', figures: '42' }),
        reviewQueue: () => ['lesson-1'],
      },
    },
  },
]);
enforceAuthorization(
  schema,
  { admin: rolePolicy('ADMIN'), self: ({ viewer, parent }) => (parent as { id: string }).id === viewer?.userId },
  (context) => (context as { viewer?: Viewer }).viewer,
);

const viewer = (userId: string, ...roles: Viewer['roles']): Viewer => ({ userId, roles, sessionId: 's' });
const run = async (source: string, who?: Viewer) => {
  const result = await graphql({ schema, source, contextValue: { viewer: who } });
  return { data: result.data, codes: result.errors?.map((error) => error.extensions.code) ?? [] };
};

describe('enforceAuthorization', () => {
  it('leaves unannotated fields public', async () => {
    expect(await run('{ account(id: "1") { name } }')).toEqual({ data: { account: { name: 'Account 1' } }, codes: [] });
  });

  it('applies @policy alternatives: self, or admin', async () => {
    expect((await run('{ account(id: "1") { secret } }', viewer('1', 'STUDENT'))).data).toEqual({
      account: { secret: 'secret of 1' },
    });
    expect((await run('{ account(id: "1") { secret } }', viewer('9', 'ADMIN'))).codes).toEqual([]);
    expect((await run('{ account(id: "1") { secret } }', viewer('2', 'STUDENT'))).codes).toEqual(['FORBIDDEN']);
    expect((await run('{ account(id: "1") { secret } }')).codes).toEqual(['UNAUTHENTICATED']);
  });

  it('applies a type-level @authenticated to every field, plus field rules', async () => {
    expect((await run('{ report { title } }')).codes).toEqual(['UNAUTHENTICATED']);
    expect((await run('{ report { title } }', viewer('1', 'STUDENT'))).data).toEqual({ report: { title: 'Q3' } });
    expect((await run('{ report { figures } }', viewer('1', 'STUDENT'))).codes).toEqual(['FORBIDDEN']);
    expect((await run('{ report { figures } }', viewer('1', 'ANALYST'))).data).toEqual({ report: { figures: '42' } });
  });

  it('requires every scope of a group', async () => {
    expect((await run('{ reviewQueue }', viewer('1', 'INSTRUCTOR'))).codes).toEqual(['FORBIDDEN']);
    expect((await run('{ reviewQueue }', viewer('1', 'INSTRUCTOR', 'ADMIN'))).data).toEqual({ reviewQueue: ['lesson-1'] });
  });

  it('protects entity fields reached through _entities', async () => {
    const source = '{ _entities(representations: [{ __typename: "Account", id: "7" }]) { ... on Account { secret } } }';
    expect((await run(source, viewer('8', 'STUDENT'))).codes).toEqual(['FORBIDDEN']);
  });

  it('fails at start-up on an unknown policy name', () => {
    const other = buildSubgraphSchema([
      {
        typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.11", import: ["@policy"])
      type Query { x: Int @policy(policies: [["nobody"]]) }`),
      },
    ]);
    expect(() => enforceAuthorization(other, { admin: rolePolicy('ADMIN') }, () => undefined)).toThrow(/unknown policy nobody/);
  });
});
