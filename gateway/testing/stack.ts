/**
 * Test harness: the gateway and chosen subgraphs in the test process, on free ports, against real
 * services, with a supergraph composed from the current schema files. Helpers sign users up and
 * send operations the way clients do, through the gateway. It lives beside the gateway (not in
 * platform/, which the gateway builds on).
 */
import { randomUUID } from 'node:crypto';
import { loadEnv } from '#platform/env.ts';
import { graphqlRequest, type GraphQLResponse } from '#platform/graphql/client.ts';
import { gatewaySecret } from '#platform/graphql/gateway-signature.ts';
import { createRuntime, type Runtime } from '#platform/runtime.ts';
import { unique } from '#platform/testing/helpers.ts';
import { deleteStreams } from '#platform/testing/nats.ts';
import { testSettingsSource } from '#platform/testing/test-env.ts';
import { startStack, type Stack } from '../src/stack.ts';

export { eventually, unique } from '#platform/testing/helpers.ts';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  displayName: string;
  accessToken: string;
  refreshToken: string;
}

export interface TestStack {
  url: string;
  runtime: Runtime;
  stack: Stack;
  gql<Data = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<Data>>;
  /** An operation sent straight to one subgraph, signed as the gateway signs its calls. */
  subgraphGql<Data = Record<string, unknown>>(
    subgraph: string,
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<Data>>;
  /** The data of an operation that must succeed. */
  data<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<Data>;
  /** Registers through accounts' `register` (roles a user may pick for themselves). */
  signUp(role?: 'STUDENT' | 'INSTRUCTOR', displayName?: string): Promise<TestUser>;
  /** SQL statements sent so far by each subgraph. */
  statements(): Record<string, number>;
  close(): Promise<void>;
}

const REGISTER = `mutation Register($input: RegisterInput!) {
  register(input: $input) { accessToken refreshToken user { id } }
}`;

export async function startTestStack(options: { subgraphs?: string[]; env?: Record<string, string> } = {}): Promise<TestStack> {
  const source = testSettingsSource(options.env);
  const runtime = createRuntime(loadEnv({ source }), 'test', source);
  const stack = await startStack(runtime, {
    ...(options.subgraphs ? { subgraphs: options.subgraphs } : {}),
    ports: 'ephemeral',
    gatewayPort: 0,
    supergraph: 'compose',
  });
  const gql: TestStack['gql'] = (query, variables = {}, token) => graphqlRequest(stack.url, query, variables, { token });
  const data: TestStack['data'] = async (query, variables, token) => {
    const result = await gql(query, variables, token);
    if (result.errors?.length || !result.data) throw new Error(`Unexpected errors: ${JSON.stringify(result.errors)}`);
    return result.data as never;
  };
  return {
    url: stack.url,
    runtime,
    stack,
    gql,
    data,
    subgraphGql: (subgraph, query, variables = {}, token) =>
      graphqlRequest(stack.subgraphUrls[subgraph]!, query, variables, { token, gatewaySecret: gatewaySecret(runtime) }),
    async signUp(role = 'STUDENT', displayName = 'Test User') {
      const email = `${unique(role.toLowerCase())}@example.com`;
      const password = `Secret-${randomUUID()}`;
      const { register } = await data<{ register: { accessToken: string; refreshToken: string; user: { id: string } } }>(
        REGISTER,
        {
          input: { email, password, displayName, role },
        },
      );
      return {
        id: register.user.id,
        email,
        password,
        displayName,
        accessToken: register.accessToken,
        refreshToken: register.refreshToken,
      };
    },
    statements: () => Object.fromEntries([...stack.subgraphs].map(([name, server]) => [name, server.statementCount()])),
    async close() {
      await stack.close();
      await runtime.close();
      if (runtime.env.NATS_URL) await deleteStreams(runtime.env.NATS_URL, runtime.env.EVENTS_NAMESPACE);
    },
  };
}
