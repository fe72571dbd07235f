/**
 * Redis-backed caches and rate limits, with in-memory equivalents when REDIS_URL is unset
 * (the embedded default). Redis content is always rebuildable: nothing here is a source of truth.
 */
import { InMemoryLRUCache, type KeyValueCache, type KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Runtime } from './runtime.ts';

export { RateLimiterRes };
export type RateLimiter = RateLimiterAbstract;

class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}
  async get(key: string) {
    return (await this.redis.get(this.prefix + key)) ?? undefined;
  }
  async set(key: string, value: string, options?: KeyValueCacheSetOptions) {
    const ttl = options?.ttl;
    if (ttl) await this.redis.set(this.prefix + key, value, 'EX', Math.ceil(ttl));
    else await this.redis.set(this.prefix + key, value);
  }
  async delete(key: string) {
    return (await this.redis.del(this.prefix + key)) > 0;
  }
}

/**
 * The deployment's own keys: one Redis may serve several deployments (or test stacks, each with
 * databases of its own), which must never read each other's entries. Every Redis key of the
 * platform starts with this.
 */
export const redisKey = (runtime: Runtime, name: string) => `${runtime.env.EVENTS_NAMESPACE}:${name}`;

export function createKeyValueCache(runtime: Runtime, prefix: string): KeyValueCache<string> {
  const redis = runtime.redis();
  return redis
    ? new RedisKeyValueCache(redis, `${redisKey(runtime, prefix)}:`)
    : new InMemoryLRUCache<string>({ maxSize: 2 ** 24 });
}

export interface RateLimitOptions {
  keyPrefix: string;
  /** Allowed consumptions per window. */
  points: number;
  /** Window length in seconds. */
  duration: number;
}

export function createRateLimiter(runtime: Runtime, options: RateLimitOptions): RateLimiter {
  const redis = runtime.redis();
  // Namespaced: deployments sharing a Redis must not spend each other's allowance.
  const limits = { ...options, keyPrefix: redisKey(runtime, options.keyPrefix) };
  return redis ? new RateLimiterRedis({ storeClient: redis, ...limits }) : new RateLimiterMemory(limits);
}
