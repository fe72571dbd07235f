/**
 * Test harness: the gateway and chosen subgraphs in the test process, on free ports, against real
 * services, with a supergraph composed from the current schema files. Helpers sign users up and
 * send operations the way clients do, through the gateway.
 */
import { randomUUID } from 'node:crypto';
import { startStack, type Stack } from '../../gateway/src/stack.ts';
import type { Role } from '../auth/viewer.ts';
import { graphqlRequest, type GraphQLResponse } from '../graphql/client.ts';
import { gatewaySecret } from '../graphql/gateway-signature.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { deleteStreams } from './nats.ts';
import { testEnv } from './test-env.ts';

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
  signUp(role?: Extract<Role, 'STUDENT' | 'INSTRUCTOR'>, displayName?: string): Promise<TestUser>;
  /** SQL statements sent so far by each subgraph. */
  statements(): Record<string, number>;
  close(): Promise<void>;
}

/** Unique per call, so tests never collide on emails or slugs across runs. */
export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

const REGISTER = `mutation Register($input: RegisterInput!) {
  register(input: $input) { accessToken refreshToken user { id } }
}`;

export async function startTestStack(options: { subgraphs?: string[]; env?: Record<string, string> } = {}): Promise<TestStack> {
  const runtime = createRuntime(testEnv(options.env), 'test');
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

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
}
