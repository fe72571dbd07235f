/**
 * Subgraphs answer the gateway only: `npm start`'s subgraphs listen on the loopback interface, and
 * every subgraph refuses /graphql requests the gateway did not sign; what reaches one anyway meets
 * the gateway's limits again. Health and metrics stay open to probes.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { gatewaySecret, SIGNATURE_HEADER, signGatewayRequest } from '#platform/graphql/gateway-signature.ts';
import { startTestStack, type TestStack } from '#gateway/testing/stack.ts';

let platform: TestStack;
let secret: string;
const coursesUrl = () => platform.stack.subgraphUrls.courses!;

/** The finding's request: 3,000 aliases of a deep catalog page, about 275 kB. */
const ALIASES = Array.from(
  { length: 3_000 },
  (_, index) => `c${index}: courses(first: 100) { edges { node { id title modules { lessons { id content } } } } }`,
).join(' ');
const HUGE_BODY = JSON.stringify({ query: `{ ${ALIASES} }` });

interface Answer {
  status: number;
  code: unknown;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  ms: number;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const parsed = (await response.json()) as Answer['body'];
  return { status: response.status, code: parsed.errors?.[0]?.extensions?.code, body: parsed, ms: performance.now() - started };
}

/** Headers of a call signed as the gateway signs, with `secret` at `timestamp`. */
function signedHeaders(body: string, options: { secret?: string; timestamp?: number } = {}): Record<string, string> {
  const requestId = randomUUID();
  const signature = signGatewayRequest(
    options.secret ?? secret,
    { body, requestId, authorization: undefined, clientAddress: undefined },
    options.timestamp,
  );
  return { 'x-request-id': requestId, [SIGNATURE_HEADER]: signature };
}

beforeAll(async () => {
  // HOST as in production: the gateway on every interface. Subgraphs must stay on loopback anyway.
  platform = await startTestStack({ subgraphs: ['accounts', 'profiles', 'courses'], env: { HOST: '0.0.0.0' } });
  secret = gatewaySecret(platform.runtime);
});
afterAll(() => platform?.close());

describe('in one process (npm start)', () => {
  const reachable = (host: string, port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ host, port, timeout: 2_000 });
      socket.once('connect', () => resolve(true) ?? socket.destroy());
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => resolve(false) ?? socket.destroy());
    });

  it('subgraphs listen on the loopback interface only, the gateway on HOST', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
    // The test needs a non-loopback IPv4 address of this machine to connect from.
    expect(external).toBeDefined();
    expect(await reachable(external!, Number(new URL(platform.url).port))).toBe(true);
    for (const [name, url] of Object.entries(platform.stack.subgraphUrls)) {
      const port = Number(new URL(url).port);
      expect({ name, loopback: await reachable('127.0.0.1', port), external: await reachable(external!, port) }).toEqual({
        name,
        loopback: true,
        external: false,
      });
    }
  });
});

describe('a request straight to a subgraph', () => {
  const QUERY = JSON.stringify({ query: '{ courses(first: 1) { totalCount } }' });

  it('is refused without the gateway signature (401), with a wrong or forged one (403), or an expired one (401)', async () => {
    const missing = await post(coursesUrl(), QUERY);
    expect([missing.status, missing.code]).toEqual([401, 'UNAUTHENTICATED']);

    const otherSecret = await post(coursesUrl(), QUERY, signedHeaders(QUERY, { secret: 'x'.repeat(64) }));
    expect([otherSecret.status, otherSecret.code]).toEqual([403, 'FORBIDDEN']);

    const otherBody = await post(coursesUrl(), QUERY, signedHeaders(JSON.stringify({ query: '{ __typename }' })));
    expect([otherBody.status, otherBody.code]).toEqual([403, 'FORBIDDEN']);

    const bare = await post(coursesUrl(), QUERY, { [SIGNATURE_HEADER]: secret });
    expect([bare.status, bare.code]).toEqual([403, 'FORBIDDEN']);

    const expired = await post(coursesUrl(), QUERY, signedHeaders(QUERY, { timestamp: Date.now() - 60_000 }));
    expect([expired.status, expired.code]).toEqual([401, 'UNAUTHENTICATED']);
    for (const refused of [missing, otherSecret, otherBody, bare, expired]) expect(refused.body.data).toBeUndefined();
  });

  it('is answered with a valid signature', async () => {
    const signed = await post(coursesUrl(), QUERY, signedHeaders(QUERY));
    expect(signed.status).toBe(200);
    expect(signed.body).toEqual({ data: { courses: { totalCount: expect.any(Number) } } });
  });

  it('leaves health and metrics open to probes', async () => {
    const base = coursesUrl().replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });

  it('of 3,000 aliases is refused with a code, signed or not, before any of it runs', async () => {
    expect(HUGE_BODY.length).toBeGreaterThan(250_000);
    const unsigned = await post(coursesUrl(), HUGE_BODY);
    expect([unsigned.status, unsigned.code]).toEqual([401, 'UNAUTHENTICATED']);
    // Even with the gateway's signature the subgraph applies the gateway's limits (here: tokens).
    const signed = await post(coursesUrl(), HUGE_BODY, signedHeaders(HUGE_BODY));
    expect([signed.status, signed.code]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
    expect(signed.body.errors?.[0]?.message).toMatch(/tokens/);
    const gateway = await post(platform.url, HUGE_BODY);
    expect(gateway.code).toBe('GRAPHQL_PARSE_FAILED');
    // Refused before the body is read (unsigned) or at the parser's token limit (signed): an error
    // of a few hundred bytes and no data, where running it answered 87 MB. How long a refusal
    // takes depends on the machine's load (3.3 s once in CI with two workers), so it is printed
    // here, not asserted.
    for (const refused of [unsigned, signed, gateway]) {
      expect(refused.body.data).toBeUndefined();
      expect(JSON.stringify(refused.body).length).toBeLessThan(2_000);
    }
    console.log(
      `3,000-alias request (${HUGE_BODY.length} bytes): subgraph unsigned ${unsigned.ms.toFixed(1)} ms, ` +
        `subgraph signed ${signed.ms.toFixed(1)} ms, gateway ${gateway.ms.toFixed(1)} ms`,
    );
  });

  it('meets the gateway depth, alias, cost and body limits too', async () => {
    const send = (query: string) => {
      const body = JSON.stringify({ query });
      return post(coursesUrl(), body, signedHeaders(body));
    };
    const aliases = await send(
      `{ ${Array.from({ length: 40 }, (_, index) => `a${index}: courses(first: 1) { totalCount }`).join(' ')} }`,
    );
    expect([aliases.status, aliases.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    expect(aliases.body.errors?.[0]?.message).toMatch(/aliases/i);

    // 14 levels; the limit is 12.
    const deep = await send(
      `{ courses { edges { node { modules { course { modules { course { modules { course { modules { course { modules { course { id } } } } } } } } } } } } } }`,
    );
    expect([deep.status, deep.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    expect(deep.body.errors?.[0]?.message).toMatch(/depth/i);

    const ids = 'id '.repeat(1_500);
    const costly = await send(
      `{ courses { edges { node { modules { lessons { course { modules { lessons { ${ids} } } } } } } } } }`,
    );
    expect([costly.status, costly.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    expect(costly.body.errors?.[0]?.message).toMatch(/cost/i);

    const huge = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(3 * 1024 * 1024) } });
    const tooLarge = await post(coursesUrl(), huge, signedHeaders(huge));
    expect([tooLarge.status, tooLarge.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });
});
