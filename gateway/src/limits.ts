/**
 * The gateway's per-client request rate (per user when signed in, per address otherwise) in Redis
 * or memory. Document limits (depth, cost, aliases, tokens) are platform/graphql/query-limits.ts,
 * shared with the subgraphs.
 */
import type { Viewer } from '#platform/auth/viewer.ts';
import { createRateLimiter, RateLimiterRes } from '#platform/cache.ts';
import type { Env } from '#platform/env.ts';
import { AppError, ErrorCode } from '#platform/errors.ts';
import type { Runtime } from '#platform/runtime.ts';

export function requestRateLimit(runtime: Runtime, env: Env) {
  if (env.RATE_LIMIT_PER_MINUTE === 0) return async () => undefined;
  const limiter = createRateLimiter(runtime, { keyPrefix: 'gateway-requests', points: env.RATE_LIMIT_PER_MINUTE, duration: 60 });
  return async (viewer: Viewer | undefined, clientAddress: string | undefined) => {
    const key = viewer ? `user:${viewer.userId}` : `address:${clientAddress ?? 'unknown'}`;
    try {
      await limiter.consume(key);
    } catch (result) {
      if (!(result instanceof RateLimiterRes)) throw result;
      const retryAfterSeconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
      throw new AppError(ErrorCode.RATE_LIMITED, 'Too many requests, slow down', {
        retryAfterSeconds,
        http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
      });
    }
  };
}
