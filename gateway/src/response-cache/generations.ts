/**
 * A generation number per GraphQL type. Cached responses carry, in their key, the generations of
 * the types they read; bumping a type's generation makes every response that read it unreachable
 * at once (a new key misses), whichever replica stored it, with no scan of the cache: old entries
 * simply expire. In Redis the counters are shared by every gateway replica; in memory (embedded)
 * one process holds them all.
 */
import type { Redis } from 'ioredis';

export interface Generations {
  /** Current generations of `types`, in the same order (after an epoch, when the store has one). */
  read(types: readonly string[]): Promise<Array<number | string>>;
  /** Moves each of `types` to a new generation. Bumping twice is harmless (a redelivered event). */
  bump(types: readonly string[]): Promise<void>;
}

/**
 * The hash also holds an epoch, set when the hash is (re)created: if Redis ever loses the hash
 * (eviction, a flush) while cached responses survive, counters restart at zero, but the new epoch
 * keeps the old keys unreachable.
 */
const ENSURE_EPOCH = `if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('HSET', KEYS[1], '@epoch', ARGV[1]) end`;
const READ = `${ENSURE_EPOCH}
return redis.call('HMGET', KEYS[1], '@epoch', unpack(ARGV, 2))`;
const BUMP = `${ENSURE_EPOCH}
for i = 2, #ARGV do redis.call('HINCRBY', KEYS[1], ARGV[i], 1) end
return 0`;

const newEpoch = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export class RedisGenerations implements Generations {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  async read(types: readonly string[]): Promise<Array<number | string>> {
    const [epoch, ...values] = (await this.redis.eval(READ, 1, this.key, newEpoch(), ...types)) as Array<string | null>;
    return [String(epoch), ...values.map((value) => Number(value ?? 0))];
  }

  async bump(types: readonly string[]): Promise<void> {
    if (types.length) await this.redis.eval(BUMP, 1, this.key, newEpoch(), ...types);
  }
}

export class MemoryGenerations implements Generations {
  private readonly current = new Map<string, number>();

  async read(types: readonly string[]): Promise<Array<number | string>> {
    return types.map((type) => this.current.get(type) ?? 0);
  }

  async bump(types: readonly string[]): Promise<void> {
    for (const type of types) this.current.set(type, (this.current.get(type) ?? 0) + 1);
  }
}
