/**
 * What protects the gateway from expensive or abusive requests: query depth, cost, aliases and
 * directives (graphql-armor), tokens (graphql-js), all checked before planning, and a per-client request rate
 * (per user when signed in, per address otherwise) in Redis or memory.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Viewer } from '#platform/auth/viewer.ts';
import { createRateLimiter, RateLimiterRes } from '#platform/cache.ts';
import type { Env } from '#platform/env.ts';
import { AppError, ErrorCode } from '#platform/errors.ts';
import type { Runtime } from '#platform/runtime.ts';

export function queryLimits(env: Env) {
  const production = env.NODE_ENV === 'production';
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: env.MAX_QUERY_DEPTH, ignoreIntrospection: true },
    costLimit: { maxCost: env.MAX_QUERY_COST, ignoreIntrospection: true },
    maxAliases: { n: 30 },
    maxDirectives: { n: 50 },
    // graphql-armor's token limit re-parses in a plugin, where a syntax error becomes a 500;
    // graphql-js enforces the same limit in Apollo's own parse step (parseOptions below).
    maxTokens: { enabled: false },
    // Suggestions ("did you mean ...") help developers and reveal the schema to scanners.
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return { plugins, validationRules, parseOptions: { maxTokens: 5_000 } };
}

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
