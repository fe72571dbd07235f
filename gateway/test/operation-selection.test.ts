/**
 * Choosing an operation the document does not have is the client's mistake: HTTP 400 with
 * BAD_REQUEST, at the gateway and at a subgraph alike (they answered HTTP 500 before). Each
 * request is sent twice: the second time Apollo has the document cached and skips validation.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphqlRequest, type GraphQLResponse } from '#platform/graphql/client.ts';
import { gatewaySecret } from '#platform/graphql/gateway-signature.ts';
import { startTestStack, type TestStack } from '#gateway/testing/stack.ts';

let platform: TestStack;

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'courses'] });
});
afterAll(() => platform?.close());

const MISTAKES: Array<[string, string, string | undefined]> = [
  ['an operation name the document does not define', '{ __typename }', 'Nope'],
  ['two named operations and no operation name', 'query A { __typename } query B { __typename }', undefined],
  ['two anonymous operations', '{ __typename } { __typename }', undefined],
  ['two anonymous operations and a name', '{ __typename } { __typename }', 'A'],
];

const targets: Array<[string, (query: string, operationName?: string) => Promise<GraphQLResponse<unknown>>]> = [
  ['the gateway', (query, operationName) => graphqlRequest(platform.url, query, {}, { operationName })],
  [
    'a subgraph',
    (query, operationName) =>
      graphqlRequest(
        platform.stack.subgraphUrls.courses!,
        query,
        {},
        { operationName, gatewaySecret: gatewaySecret(platform.runtime) },
      ),
  ],
];

describe.each(targets)('%s', (_target, send) => {
  it.each(MISTAKES)('answers %s with HTTP 400 BAD_REQUEST', async (_mistake, query, operationName) => {
    for (const attempt of ['first', 'cached']) {
      const result = await send(query, operationName);
      const codes = result.errors?.map((error) => error.extensions?.code);
      expect({ attempt, status: result.status, codes }).toEqual({ attempt, status: 400, codes: ['BAD_REQUEST'] });
      expect(result.errors?.[0]?.message).toMatch(/operation/);
    }
  });

  it('runs the operation a document names', async () => {
    const result = await send('query A { __typename } query B { b: __typename }', 'B');
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ b: 'Query' });
  });
});
