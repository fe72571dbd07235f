/**
 * Failed-login throttling that others cannot turn against an account's owner. Nothing locks an
 * account: what slows down is the (account, client address) pair that fails, and addresses that
 * behave like an attack.
 * - Pair: LOGIN_FAILURES_BEFORE_DELAY free failures, then each further attempt from that pair waits
 *   1 s, 2 s, 4 s, ... (up to the window): RATE_LIMITED with the seconds left, before any password
 *   check. The owner signing in from another address is not slowed. A success clears the pair.
 * - Address (credential stuffing): past LOGIN_MAX_ACCOUNTS_PER_ADDRESS distinct accounts failed in
 *   the window, the address waits the same way before trying an account it never signed in to.
 * - Account ceiling (many addresses against one account): past LOGIN_ACCOUNT_FAILURE_CEILING
 *   failures, a pair of an address the account never signed in from waits from its first failure.
 * A successful sign-in marks the address as known for the account (30 days): known addresses skip
 * the address and ceiling rules, so the owner's usual address keeps working whatever others do.
 * Counters live in Redis (shared by replicas) or in memory when embedded.
 */
import { createKeyValueCache, createRateLimiter, type RateLimiter } from '#platform/cache.ts';

import { rateLimited } from '#platform/errors.ts';
import type { Runtime } from '#platform/runtime.ts';
import type { AccountsSettings } from '../settings.ts';

const KNOWN_ADDRESS_TTL_SECONDS = 30 * 24 * 60 * 60;
/** Counters only count: their limit is never reached. */
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

export type ThrottleSettings = Pick<
  AccountsSettings,
  | 'LOGIN_FAILURES_BEFORE_DELAY'
  | 'LOGIN_MAX_ACCOUNTS_PER_ADDRESS'
  | 'LOGIN_ACCOUNT_FAILURE_CEILING'
  | 'LOGIN_FAILURE_WINDOW_SECONDS'
>;

export class LoginThrottle {
  private readonly pairFailures: RateLimiter;
  private readonly accountFailures: RateLimiter;
  /** Per address: how many accounts it started failing on in the window. */
  private readonly addressAccounts: RateLimiter;
  /** "Wait until" marks (blocked keys of rate-limiter-flexible). */
  private readonly pairWait: RateLimiter;
  private readonly addressWait: RateLimiter;
  private readonly knownAddresses;

  constructor(
    runtime: Runtime,
    private readonly settings: ThrottleSettings,
  ) {
    const counter = (keyPrefix: string) =>
      createRateLimiter(runtime, { keyPrefix, points: UNBOUNDED, duration: settings.LOGIN_FAILURE_WINDOW_SECONDS });
    const wait = (keyPrefix: string) => createRateLimiter(runtime, { keyPrefix, points: 1, duration: 1 });
    this.pairFailures = counter('login:pair-failures');
    this.accountFailures = counter('login:account-failures');
    this.addressAccounts = counter('login:address-accounts');
    this.pairWait = wait('login:pair-wait');
    this.addressWait = wait('login:address-wait');
    this.knownAddresses = createKeyValueCache(runtime, 'login-known');
  }

  /** Throws RATE_LIMITED (HTTP 429, retryAfterSeconds) while this pair or this address must wait. */
  async assertAllowed(email: string, address = 'unknown'): Promise<void> {
    const pair = pairKey(email, address);
    const [pairWait, addressWait] = await Promise.all([this.pairWait.get(pair), this.addressWait.get(address)]);
    if (waiting(pairWait)) throw rateLimited(pairWait.msBeforeNext / 1000);
    if (waiting(addressWait) && !(await this.isKnown(pair))) throw rateLimited(addressWait.msBeforeNext / 1000);
  }

  async recordFailure(email: string, address = 'unknown'): Promise<void> {
    const pair = pairKey(email, address);
    const [known, pairFailures, accountFailures] = await Promise.all([
      this.isKnown(pair),
      this.pairFailures.penalty(pair),
      this.accountFailures.penalty(email),
    ]);
    const underAttack = !known && accountFailures.consumedPoints > this.settings.LOGIN_ACCOUNT_FAILURE_CEILING;
    const free = underAttack ? 1 : this.settings.LOGIN_FAILURES_BEFORE_DELAY;
    if (pairFailures.consumedPoints >= free) await this.pairWait.block(pair, this.delay(pairFailures.consumedPoints - free));

    // The first failure of this pair in the window: one more account this address has tried.
    if (known || pairFailures.consumedPoints !== 1) return;
    const accounts = (await this.addressAccounts.penalty(address)).consumedPoints;
    const excess = accounts - this.settings.LOGIN_MAX_ACCOUNTS_PER_ADDRESS;
    if (excess > 0) await this.addressWait.block(address, this.delay(excess - 1));
  }

  /** The pair starts afresh, and the address becomes one of the account's known addresses. */
  async recordSuccess(email: string, address = 'unknown'): Promise<void> {
    const pair = pairKey(email, address);
    await Promise.all([
      this.pairFailures.delete(pair),
      this.pairWait.delete(pair),
      this.knownAddresses.set(pair, '1', { ttl: KNOWN_ADDRESS_TTL_SECONDS }),
    ]);
  }

  private async isKnown(pair: string): Promise<boolean> {
    return (await this.knownAddresses.get(pair)) !== undefined;
  }

  /** 1 s, 2 s, 4 s, ... for the 0th, 1st, 2nd... failure past the free ones, at most the window. */
  private delay(step: number): number {
    return Math.min(this.settings.LOGIN_FAILURE_WINDOW_SECONDS, 2 ** Math.min(step, 30));
  }
}

/** An address (an HTTP header value) holds no newline: the last one splits the pair unambiguously. */
const pairKey = (email: string, address: string) => `${email}\n${address}`;

const waiting = <T extends { consumedPoints: number; msBeforeNext: number }>(state: T | null): state is T =>
  state !== null && state.consumedPoints > 1 && state.msBeforeNext > 0;
