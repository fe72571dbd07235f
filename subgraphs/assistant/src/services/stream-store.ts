/**
 * Answers being written, for `assistantAnswerStream`: the text so far per answer id, in Redis
 * (any replica answers the gateway's query) or in memory when embedded, kept 10 minutes. A live
 * signal tells the gateway each time it grows.
 */
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

export interface StreamState {
  userId: string;
  text: string;
  sequence: number;
  done: boolean;
}

const TTL_SECONDS = 600;

export interface StreamStore {
  /** Takes the id for this user; false when it is taken already. */
  claim(answerId: string, userId: string): Promise<boolean>;
  write(answerId: string, state: StreamState): Promise<void>;
  read(answerId: string): Promise<StreamState | undefined>;
  release(answerId: string): Promise<void>;
}

export function redisStreamStore(redis: Redis, prefix: string): StreamStore {
  const key = (answerId: string) => prefix + answerId;
  return {
    async claim(answerId, userId) {
      const state: StreamState = { userId, text: '', sequence: 0, done: false };
      return (await redis.set(key(answerId), JSON.stringify(state), 'EX', TTL_SECONDS, 'NX')) === 'OK';
    },
    async write(answerId, state) {
      await redis.set(key(answerId), JSON.stringify(state), 'EX', TTL_SECONDS);
    },
    async read(answerId) {
      const raw = await redis.get(key(answerId));
      return raw ? (JSON.parse(raw) as StreamState) : undefined;
    },
    async release(answerId) {
      await redis.del(key(answerId));
    },
  };
}

export function memoryStreamStore(): StreamStore {
  const states = new LRUCache<string, StreamState>({ max: 10_000, ttl: TTL_SECONDS * 1000 });
  return {
    async claim(answerId, userId) {
      if (states.has(answerId)) return false;
      states.set(answerId, { userId, text: '', sequence: 0, done: false });
      return true;
    },
    async write(answerId, state) {
      states.set(answerId, state);
    },
    async read(answerId) {
      return states.get(answerId);
    },
    async release(answerId) {
      states.delete(answerId);
    },
  };
}
