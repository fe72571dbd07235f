/**
 * Login throttling that an attacker cannot turn against the owner, through the gateway: clients are
 * told apart by the address the gateway sees (X-Forwarded-For, with TRUST_PROXY) and forwards.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { graphqlRequest } from '#platform/graphql/client.ts';
import { gatewaySecret } from '#platform/graphql/gateway-signature.ts';
import { startTestStack, unique, type TestStack } from '#gateway/testing/stack.ts';

const LOGIN = `mutation L($input: LoginInput!) { login(input: $input) { accessToken user { id } } }`;
const FAILURES_BEFORE_DELAY = 3;
const ACCOUNTS_PER_ADDRESS = 3;
const ACCOUNT_CEILING = 8;

let platform: TestStack;

/** A fresh address per role in each test (documentation range), so tests never share counters. */
const address = () => `198.51.${randomInt(0, 255)}.${randomInt(1, 255)}`;

async function login(email: string, password: string, from: string) {
  const response = await fetch(platform.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ query: LOGIN, variables: { input: { email, password } } }),
  });
  const body = (await response.json()) as {
    data?: { login: { user: { id: string } } } | null;
    errors?: Array<{ extensions?: { code?: string; retryAfterSeconds?: number } }>;
  };
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    code: body.errors?.[0]?.extensions?.code,
    retryAfterSeconds: body.errors?.[0]?.extensions?.retryAfterSeconds,
    userId: body.data?.login.user.id,
  };
}

const wrong = (attempt: number) => `not-the-password-${attempt}`;

beforeAll(async () => {
  platform = await startTestStack({
    subgraphs: ['accounts'],
    env: {
      TRUST_PROXY: 'true',
      LOGIN_FAILURES_BEFORE_DELAY: String(FAILURES_BEFORE_DELAY),
      LOGIN_MAX_ACCOUNTS_PER_ADDRESS: String(ACCOUNTS_PER_ADDRESS),
      LOGIN_ACCOUNT_FAILURE_CEILING: String(ACCOUNT_CEILING),
    },
  });
});
afterAll(() => platform?.close());

describe('an attacker hammering one account', () => {
  it('slows the attacking pair down (429, Retry-After, doubling delays) while the owner signs in as usual', async () => {
    const owner = await platform.signUp();
    const [home, attacker] = [address(), address()];
    expect((await login(owner.email, owner.password, home)).userId).toBe(owner.id);

    for (let attempt = 0; attempt < FAILURES_BEFORE_DELAY; attempt += 1) {
      expect((await login(owner.email, wrong(attempt), attacker)).code).toBe('UNAUTHENTICATED');
    }
    // Even the right password waits now: nothing is checked before the delay is over.
    const throttled = await login(owner.email, owner.password, attacker);
    expect(throttled).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 1, retryAfter: '1' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await login(owner.email, wrong(10), attacker)).code).toBe('UNAUTHENTICATED');
    expect(await login(owner.email, wrong(11), attacker)).toMatchObject({ status: 429, retryAfterSeconds: 2, retryAfter: '2' });

    // Meanwhile the owner signs in from their usual address, and from a new one.
    const [fromHome, fromElsewhere, attackerAgain] = await Promise.all([
      login(owner.email, owner.password, home),
      login(owner.email, owner.password, address()),
      login(owner.email, owner.password, attacker),
    ]);
    expect(fromHome).toMatchObject({ status: 200, userId: owner.id });
    expect(fromElsewhere).toMatchObject({ status: 200, userId: owner.id });
    expect(attackerAgain.code).toBe('RATE_LIMITED');
  });

  it('starts a pair afresh after a successful sign-in', async () => {
    const user = await platform.signUp();
    const from = address();
    for (let round = 0; round < 2; round += 1) {
      for (let attempt = 1; attempt < FAILURES_BEFORE_DELAY; attempt += 1) {
        expect((await login(user.email, wrong(attempt), from)).code).toBe('UNAUTHENTICATED');
      }
      expect((await login(user.email, user.password, from)).userId).toBe(user.id);
    }
  });
});

describe('many addresses against one account', () => {
  it('past the ceiling, new addresses wait after their first failure; the usual address does not', async () => {
    const owner = await platform.signUp();
    const home = address();
    expect((await login(owner.email, owner.password, home)).userId).toBe(owner.id);
    // A botnet: each address stays under the per-pair budget.
    for (let failures = 0; failures < ACCOUNT_CEILING; failures += 2) {
      const bot = address();
      for (let attempt = 0; attempt < 2; attempt += 1) {
        expect((await login(owner.email, wrong(attempt), bot)).code).toBe('UNAUTHENTICATED');
      }
    }
    const bot = address();
    expect((await login(owner.email, wrong(1), bot)).code).toBe('UNAUTHENTICATED');
    expect(await login(owner.email, wrong(2), bot)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    // A slow-down, not a lock: any address's first attempt is heard, the owner's home never waits.
    expect((await login(owner.email, owner.password, address())).userId).toBe(owner.id);
    for (let attempt = 0; attempt < FAILURES_BEFORE_DELAY - 1; attempt += 1) await login(owner.email, wrong(attempt), home);
    expect((await login(owner.email, owner.password, home)).userId).toBe(owner.id);
  });
});

describe('credential stuffing from one address', () => {
  it('slows the address down once it has failed on too many accounts, but not its known accounts', async () => {
    const stuffer = address();
    const regular = await platform.signUp();
    expect((await login(regular.email, regular.password, stuffer)).userId).toBe(regular.id);
    for (let account = 0; account <= ACCOUNTS_PER_ADDRESS; account += 1) {
      const result = await login(`${unique('victim')}@example.com`, wrong(account), stuffer);
      expect(result.code).toBe('UNAUTHENTICATED');
    }
    const slowed = await login(`${unique('victim')}@example.com`, wrong(0), stuffer);
    expect(slowed).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(slowed.retryAfter)).toBeGreaterThan(0);
    // The account that signs in from there as a matter of course is not held up by its neighbours.
    expect((await login(regular.email, regular.password, stuffer)).userId).toBe(regular.id);
    // Nor is anyone elsewhere.
    const elsewhere = await platform.signUp();
    expect((await login(elsewhere.email, elsewhere.password, address())).userId).toBe(elsewhere.id);
  });
});

describe('RATE_LIMITED at the subgraph itself', () => {
  it('is HTTP 429 with Retry-After there too', async () => {
    const user = await platform.signUp();
    const from = address();
    const accounts = platform.stack.subgraphUrls.accounts!;
    // Signed as the gateway signs its calls: subgraphs answer nobody else.
    const direct = (password: string) =>
      graphqlRequest(
        accounts,
        LOGIN,
        { input: { email: user.email, password } },
        { headers: { 'x-client-address': from }, gatewaySecret: gatewaySecret(platform.runtime) },
      );
    for (let attempt = 0; attempt < FAILURES_BEFORE_DELAY; attempt += 1) {
      expect((await direct(wrong(attempt))).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const response = await direct(user.password);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
