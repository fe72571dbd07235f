/**
 * Error reporting through the real @sentry/node client and transport, to a local HTTP server that
 * receives its envelopes as Sentry would: an unexpected error in a subgraph's resolver is reported
 * once (by the subgraph, not again by the gateway), tagged with the request id, subgraph and
 * operation name, with no password, token or email address in it; coded errors are not reported.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { graphqlRequest } from '#platform/graphql/client.ts';
import { flushSentry, initSentry } from '#platform/sentry.ts';
import { startTestStack, type TestStack, type TestUser } from '../testing/stack.ts';

const SIGN_IN = `mutation SignIn($input: LoginInput!) { login(input: $input) { accessToken } }`;

interface Envelope {
  raw: string;
  items: Array<Record<string, unknown>>;
}

const envelopes: Envelope[] = [];
let sentry: Server;
let stack: TestStack;
let user: TestUser;

beforeAll(async () => {
  sentry = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const raw = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
      if (req.url?.startsWith('/api/1/envelope/')) {
        envelopes.push({
          raw,
          items: raw
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as Record<string, unknown>),
        });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => sentry.listen(0, '127.0.0.1', resolve));
  const { port } = sentry.address() as AddressInfo;
  if (!(await initSentry({ SENTRY_DSN: `http://publickey@127.0.0.1:${port}/1`, NODE_ENV: 'test' }, 'test'))) {
    throw new Error('Sentry did not start');
  }
  stack = await startTestStack({ subgraphs: ['accounts'] });
  user = await stack.signUp();
});

afterAll(async () => {
  await stack?.close();
  await new Promise((resolve) => sentry?.close(resolve));
});

const events = () => envelopes.flatMap((envelope) => envelope.items.filter((item) => 'exception' in item));

it('does not report coded client errors', async () => {
  const wrong = await graphqlRequest(stack.url, SIGN_IN, { input: { email: user.email, password: 'not-the-password-1' } });
  expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  await flushSentry();
  expect(events()).toEqual([]);
});

it('reports an unexpected resolver error once, tagged, with no personal data', async () => {
  const services = stack.stack.subgraphs.get('accounts')!.services as {
    accounts: { login: (...args: unknown[]) => Promise<unknown> };
  };
  const login = services.accounts.login;
  // A failure whose message carries what must never leave the process.
  services.accounts.login = async () => {
    throw new Error(
      `lookup failed for ${user.email} password=${user.password} Authorization: Bearer ${user.accessToken} refresh ${user.refreshToken}`,
    );
  };
  const requestId = `req-${randomUUID()}`;
  try {
    const result = await graphqlRequest(
      stack.url,
      SIGN_IN,
      { input: { email: user.email, password: user.password } },
      { token: user.accessToken, headers: { 'x-request-id': requestId, cookie: `session=${user.refreshToken}` } },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', requestId });
  } finally {
    services.accounts.login = login;
  }
  await flushSentry();
  const reported = events();
  expect(reported).toHaveLength(1);
  expect(reported[0]!.tags).toEqual({ requestId, subgraph: 'accounts', operationName: 'SignIn' });
  const { values } = reported[0]!.exception as { values: Array<{ type: string; value: string }> };
  expect(values.at(-1)!.value).toContain('lookup failed for [redacted] password=[redacted]');
  const raw = envelopes.map((envelope) => envelope.raw).join('\n');
  for (const secret of [user.email, user.password, user.accessToken, user.refreshToken, user.email.split('@')[0]!]) {
    expect(raw).not.toContain(secret);
  }
});
