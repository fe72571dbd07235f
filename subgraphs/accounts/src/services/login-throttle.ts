/**
 * Failed-login throttling, per account (email) and per client address, in Redis (shared by every
 * replica) or in memory when embedded. Over the limit, logins are refused with RATE_LIMITED
 * before the password is even checked; a successful login clears the account's counter.
 */
import { createRateLimiter, RateLimiterRes, type RateLimiter } from '#platform/cache.ts';
import { rateLimited } from '#platform/errors.ts';
import type { Runtime } from '#platform/runtime.ts';
import type { AccountsSettings } from '../settings.ts';

/** Counts one failure; over the limit rate-limiter-flexible rejects with its state, which is fine here. */
const spend = (limiter: RateLimiter, key: string) =>
  limiter.consume(key).catch((result: unknown) => {
    if (!(result instanceof RateLimiterRes)) throw result;
  });

export class LoginThrottle {
  private readonly perAccount: RateLimiter;
  private readonly perAddress: RateLimiter;

  constructor(runtime: Runtime, settings: AccountsSettings) {
    const duration = settings.LOGIN_FAILURE_WINDOW_SECONDS;
    this.perAccount = createRateLimiter(runtime, {
      keyPrefix: 'login-fail:account',
      points: settings.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      duration,
    });
    this.perAddress = createRateLimiter(runtime, {
      keyPrefix: 'login-fail:address',
      points: settings.LOGIN_MAX_FAILURES_PER_ADDRESS,
      duration,
    });
  }

  /** Throws RATE_LIMITED (with retryAfterSeconds) when either budget of failures is spent. */
  async assertAllowed(email: string, address: string | undefined): Promise<void> {
    const checks: Array<[RateLimiter, string]> = [[this.perAccount, email]];
    if (address) checks.push([this.perAddress, address]);
    for (const [limiter, key] of checks) {
      const state = await limiter.get(key);
      if (state && state.consumedPoints >= limiter.points) throw rateLimited(state.msBeforeNext / 1000);
    }
  }

  async recordFailure(email: string, address: string | undefined): Promise<void> {
    await Promise.all([spend(this.perAccount, email), ...(address ? [spend(this.perAddress, address)] : [])]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.perAccount.delete(email);
  }
}
