/**
 * Overload is an answer a client can act on: a burst of sign-ups all succeed, and when the
 * database cannot keep up (no connection, no transaction slot, a transaction past its limit) the
 * client gets SERVICE_UNAVAILABLE with HTTP 503 and Retry-After, counted in the metrics, never an
 * internal error.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { subgraphDatabaseUrl } from '#platform/db/postgres-server.ts';
import { eventually, startTestStack, unique, type TestStack } from '#gateway/testing/stack.ts';

const REGISTER = `mutation R($input: RegisterInput!) { register(input: $input) { accessToken user { id } } }`;
const LOGIN = `mutation L($input: LoginInput!) { login(input: $input) { accessToken } }`;

const newAccount = () => ({
  email: `${unique('burst')}@example.com`,
  password: `Secret-${randomUUID()}`,
  displayName: 'Burst',
  role: 'STUDENT',
});

async function send(url: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), errors: body.errors };
}

describe('a burst of sign-ups', () => {
  let platform: TestStack;
  beforeAll(async () => {
    // The subgraphs a sign-up involves: accounts, and analytics which consumes USER_REGISTERED.
    platform = await startTestStack({ subgraphs: ['accounts', 'analytics'] });
  });
  afterAll(() => platform?.close());

  it('registers 100 accounts sent at once, every one of them', async () => {
    const results = await Promise.all(Array.from({ length: 100 }, () => send(platform.url, REGISTER, { input: newAccount() })));
    const failures = results.filter((result) => result.status !== 200 || result.errors);
    expect(
      failures.map((failure) => `${failure.errors?.[0]?.extensions?.code ?? failure.status}: ${failure.errors?.[0]?.message}`),
    ).toEqual([]);
  }, 90_000);
});

describe('a database that cannot keep up', () => {
  let platform: TestStack;
  let lock: pg.Client;
  beforeAll(async () => {
    // One pooled connection: a transaction stuck on a lock holds all of accounts' database access.
    platform = await startTestStack({ subgraphs: ['accounts'], env: { DATABASE_POOL_SIZE: '1' } });
    lock = new pg.Client({ connectionString: subgraphDatabaseUrl(platform.runtime.env.DATABASE_URL!, 'accounts') });
    await lock.connect();
  });
  afterAll(async () => {
    await lock?.end();
    await platform?.close();
  });

  it('answers SERVICE_UNAVAILABLE with 503 and Retry-After, and counts it', async () => {
    const user = await platform.signUp();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE "User" IN EXCLUSIVE MODE');
    let stuck: ReturnType<typeof send> | undefined;
    try {
      // Holds the only connection in a transaction, waiting for the lock.
      stuck = send(platform.url, REGISTER, { input: newAccount() });
      await eventually(async () => {
        const { rows } = await lock.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows[0]!.waiting > 0 ? true : undefined;
      });
      const [noTransactionSlot, noConnection] = await Promise.all([
        send(platform.url, REGISTER, { input: newAccount() }),
        send(platform.url, LOGIN, { input: { email: user.email, password: user.password } }),
      ]);
      for (const result of [noTransactionSlot, noConnection]) {
        expect(result.status).toBe(503);
        expect(result.retryAfter).toBe('2');
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 });
      }
    } finally {
      await lock.query('COMMIT');
    }
    // Past its time limit by now: rolled back, and said so.
    const expired = await stuck;
    expect(expired.status).toBe(503);
    expect(expired.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');

    const metrics = await (await fetch(new URL('/metrics', platform.stack.subgraphUrls.accounts!))).text();
    for (const reason of ['transaction-start-timeout', 'pool-timeout', 'transaction-timeout']) {
      expect(metrics).toMatch(new RegExp(`overload_errors_total\\{[^}]*reason="${reason}"[^}]*\\} [1-9]`));
    }
    expect(metrics).toMatch(/graphql_errors_total\{[^}]*code="SERVICE_UNAVAILABLE"[^}]*\} [3-9]/);
    // And the database serves again.
    expect((await send(platform.url, REGISTER, { input: newAccount() })).status).toBe(200);
  }, 30_000);
});

describe("the gateway's request rate", () => {
  let platform: TestStack;
  beforeAll(async () => {
    platform = await startTestStack({ subgraphs: ['accounts'], env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(() => platform?.close());

  it('answers beyond its limit with HTTP 429, Retry-After and RATE_LIMITED, per client', async () => {
    const results = [];
    for (let index = 0; index < 5; index += 1) results.push(await send(platform.url, '{ __typename }', {}));
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 429, 429]);
    const limited = results[3]!;
    const retryAfterSeconds = limited.errors?.[0]?.extensions?.retryAfterSeconds as number;
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(limited.retryAfter).toBe(String(retryAfterSeconds));
  });
});
