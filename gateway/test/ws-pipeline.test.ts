/**
 * Operations sent over graphql-ws get what HTTP operations get: the per-client rate limit, query
 * limits, the client's address as TRUST_PROXY says, a request id carried to the subgraphs, one
 * log line and the operation metrics.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createClient, type Client } from 'graphql-ws';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../src/stack.ts';
import { graphqlData, graphqlRequest } from '#platform/graphql/client.ts';
import { createRuntime, type Runtime } from '#platform/runtime.ts';
import { deleteStreams } from '#platform/testing/nats.ts';
import { loadEnv } from '#platform/env.ts';
import { testSettingsSource } from '#platform/testing/test-env.ts';
import { WebSocket } from 'ws';

type Line = Record<string, unknown>;
type Outcome = {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
};

const ADMIN = { email: `ws-admin-${randomUUID().slice(0, 8)}@example.com`, password: 'Admin-password-2026' };
/**
 * Addresses of the documentation range, each a rate-limit bucket of its own: distinct within a run
 * (two random picks had met once: a test's client found one of its four requests already spent by
 * the admin's login) and starting at a random place, since buckets outlive a run by a minute.
 */
let addressesGiven = randomInt(0, 254);
const someAddress = () => `203.0.113.${(addressesGiven++ % 254) + 1}`;

interface WsStack {
  url: string;
  lines: Line[];
  stack: Stack;
  runtime: Runtime;
  close(): Promise<void>;
}

/** accounts and the gateway, logging into `lines`. */
async function startWsStack(env: Record<string, string>): Promise<WsStack> {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line) as Line);
      done();
    },
  });
  // Subgraph settings (accounts' ADMIN_*) are read from the runtime's source, beside the platform's.
  const source = testSettingsSource({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...env });
  const base = createRuntime(loadEnv({ source }), 'test', source);
  const runtime: Runtime = { ...base, logger: pino({ level: 'info' }, sink) };
  const stack = await startStack(runtime, { subgraphs: ['accounts'], ports: 'ephemeral', gatewayPort: 0, supergraph: 'compose' });
  return {
    url: stack.url,
    lines,
    stack,
    runtime,
    async close() {
      await stack.close();
      await runtime.close();
      if (runtime.env.NATS_URL) await deleteStreams(runtime.env.NATS_URL, runtime.env.EVENTS_NAMESPACE);
    },
  };
}

/** A graphql-ws client whose upgrade request carries `headers` (as a proxy in front would add them). */
function connect(url: string, options: { headers?: Record<string, string>; token?: string } = {}): Client {
  const headers = options.headers ?? {};
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    },
    connectionParams: options.token ? { authorization: `Bearer ${options.token}` } : {},
    retryAttempts: 0,
  });
}

/** One operation over the socket: its result, or the errors it was refused with. */
function send(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    let result: Outcome = {};
    client.subscribe(
      { query, variables },
      {
        next: (value) => (result = value as Outcome),
        error: (error) => resolve({ errors: Array.isArray(error) ? (error as Outcome['errors']) : [{ message: String(error) }] }),
        complete: () => resolve(result),
      },
    );
  });
}

const codeOf = (outcome: Outcome) => outcome.errors?.[0]?.extensions?.code;

async function adminToken(url: string, address: string): Promise<string> {
  const { login } = await graphqlData<{ login: { accessToken: string } }>(
    url,
    `mutation L($input: LoginInput!) { login(input: $input) { accessToken } }`,
    { input: ADMIN },
    { headers: { 'x-forwarded-for': address } },
  );
  return login.accessToken;
}

/** Registers over the socket and reads, as an admin, the address accounts recorded for it. */
async function recordedAddress(platform: WsStack, client: Client, token: string): Promise<string | null> {
  const registered = await send(client, `mutation R($input: RegisterInput!) { register(input: $input) { user { id } } }`, {
    input: { email: `${randomUUID()}@example.com`, password: `Secret-${randomUUID()}`, displayName: 'Sock Et' },
  });
  const userId = (registered.data as { register: { user: { id: string } } }).register.user.id;
  const { securityEvents } = await graphqlData<{ securityEvents: { edges: Array<{ node: { clientAddress: string | null } }> } }>(
    platform.url,
    `query E($id: ID) { securityEvents(userId: $id, kind: ACCOUNT_CREATED) { edges { node { clientAddress } } } }`,
    { id: userId },
    { token },
  );
  return securityEvents.edges[0]!.node.clientAddress;
}

describe('behind a trusted proxy (TRUST_PROXY=true)', () => {
  let platform: WsStack;
  let token: string;
  beforeAll(async () => {
    platform = await startWsStack({ TRUST_PROXY: 'true', RATE_LIMIT_PER_MINUTE: '4', MAX_QUERY_DEPTH: '4' });
    token = await adminToken(platform.url, someAddress());
  });
  afterAll(() => platform?.close());

  it('rate-limits each client address, taken from x-forwarded-for', async () => {
    const address = someAddress();
    const client = connect(platform.url, { headers: { 'x-forwarded-for': address } });
    const outcomes = [];
    for (let attempt = 0; attempt < 5; attempt += 1) outcomes.push(await send(client, '{ __typename }'));
    expect(outcomes.slice(0, 4).map((outcome) => outcome.data)).toEqual(
      Array.from({ length: 4 }, () => ({ __typename: 'Query' })),
    );
    expect(codeOf(outcomes[4]!)).toBe('RATE_LIMITED');
    expect(outcomes[4]!.errors?.[0]?.extensions).not.toHaveProperty('http');

    // Another client behind the same proxy has its own allowance.
    const neighbour = connect(platform.url, { headers: { 'x-forwarded-for': `198.51.100.${randomInt(1, 255)}` } });
    expect((await send(neighbour, '{ __typename }')).data).toEqual({ __typename: 'Query' });
    await Promise.all([client.dispose(), neighbour.dispose()]);
  });

  it('passes the forwarded client address to the subgraphs', async () => {
    const address = someAddress();
    const client = connect(platform.url, { headers: { 'x-forwarded-for': `${address}, 10.0.0.1` } });
    // The proxy chain is trusted as a whole: the left-most address is the client.
    expect(await recordedAddress(platform, client, token)).toBe(address);
    await client.dispose();
  });

  it('applies the query limits HTTP applies, with the same codes', async () => {
    const client = connect(platform.url, { headers: { 'x-forwarded-for': someAddress() } });
    const deep = '{ securityEvents { edges { node { user { id } } } } }';
    const overHttp = await graphqlRequest(platform.url, deep, {}, { headers: { 'x-forwarded-for': someAddress() } });
    const overSocket = await send(client, deep);
    expect(codeOf(overHttp)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(codeOf(overSocket)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(overSocket.errors?.[0]?.message).toMatch(/depth/i);
    const tooManyTokens = `{ ${Array.from({ length: 3_000 }, (_, index) => `f${index}: __typename`).join(' ')} }`;
    expect(codeOf(await send(client, tooManyTokens))).toBe('GRAPHQL_PARSE_FAILED');
    await client.dispose();
  });

  it('gives each operation a request id that reaches the subgraphs, a log line and metrics', async () => {
    const metrics = async () => (await fetch(platform.url.replace(/\/graphql$/, '/metrics'))).text();
    const counted = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
    const operations = /graphql_operation_duration_seconds_count\{[^}]*operation="WsCounted"[^}]*type="query"[^}]*\} (\d+)/;
    const invalid = /graphql_errors_total\{[^}]*code="GRAPHQL_VALIDATION_FAILED"[^}]*\} (\d+)/;
    const before = await metrics();

    const client = connect(platform.url, { headers: { 'x-forwarded-for': someAddress() } });
    expect(await send(client, 'query WsCounted { me { displayName } }')).toEqual({ data: { me: null } });
    expect(codeOf(await send(client, '{ nope }'))).toBe('GRAPHQL_VALIDATION_FAILED');
    await client.dispose();

    const after = await metrics();
    expect(counted(after, operations)).toBe(counted(before, operations) + 1);
    expect(counted(after, invalid)).toBe(counted(before, invalid) + 1);

    const gatewayLine = platform.lines.find((line) => line.msg === 'graphql operation' && line.operationName === 'WsCounted');
    expect(gatewayLine).toMatchObject({ transport: 'ws', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const subgraphLine = platform.lines.find(
      (line) => line.subgraph === 'accounts' && line.msg === 'graphql operation' && line.requestId === gatewayLine!.requestId,
    );
    expect(subgraphLine).toBeDefined();
  });
});

describe('without a trusted proxy (TRUST_PROXY=false)', () => {
  let platform: WsStack;
  beforeAll(async () => {
    platform = await startWsStack({ TRUST_PROXY: 'false' });
  });
  afterAll(() => platform?.close());

  it('ignores x-forwarded-for and records the peer address', async () => {
    const token = await adminToken(platform.url, someAddress());
    const client = connect(platform.url, { headers: { 'x-forwarded-for': someAddress() } });
    expect(await recordedAddress(platform, client, token)).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    await client.dispose();
  });
});
