/**
 * Two deployments (two test stacks, each on databases of its own) sharing one real Redis: neither
 * reads the other's cached entries, spends its rate limits or ends its sessions. A response cached
 * by one would otherwise answer the other with rows its databases do not have.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { sessionRevocations } from './auth/revocations.ts';
import { createKeyValueCache, createRateLimiter, redisKey } from './cache.ts';
import { createRuntime } from './runtime.ts';
import { testEnv } from './testing/test-env.ts';

const deployment = () => createRuntime(testEnv({ EVENTS_NAMESPACE: `t_${randomUUID().slice(0, 8)}` }), 'test');
const first = deployment();
const second = deployment();
afterAll(async () => {
  await first.close();
  await second.close();
});

describe('Redis keys of one deployment', () => {
  it('start with its namespace', async () => {
    const key = `answer-${randomUUID()}`;
    await createKeyValueCache(first, 'entries').set(key, 'cached');
    expect(await first.redis()!.get(redisKey(first, `entries:${key}`))).toBe('cached');
    expect(redisKey(first, 'entries')).toBe(`${first.env.EVENTS_NAMESPACE}:entries`);
  });

  it('are never read by another deployment on the same Redis', async () => {
    const key = `course-${randomUUID()}`;
    await createKeyValueCache(first, 'response-cache').set(key, '{"data":{"course":{"id":"1"}}}');
    expect(await createKeyValueCache(second, 'response-cache').get(key)).toBeUndefined();
    expect(await createKeyValueCache(first, 'response-cache').get(key)).toBe('{"data":{"course":{"id":"1"}}}');
  });

  it('keep rate limits apart', async () => {
    const keyPrefix = `limits-${randomUUID().slice(0, 8)}`;
    const limiterOfFirst = createRateLimiter(first, { keyPrefix, points: 1, duration: 60 });
    await limiterOfFirst.consume('127.0.0.1');
    await expect(limiterOfFirst.consume('127.0.0.1')).rejects.toBeDefined();
    await expect(createRateLimiter(second, { keyPrefix, points: 1, duration: 60 }).consume('127.0.0.1')).resolves.toBeDefined();
  });

  it('keep ended sessions apart', async () => {
    const token = { sessionId: randomUUID(), userId: randomUUID(), issuedAtMs: Date.now() - 1_000 };
    await sessionRevocations(first).revoke(token.sessionId, 60);
    expect(await sessionRevocations(first).check(token)).toBe('session-ended');
    expect(await sessionRevocations(second).check(token)).toBeUndefined();
  });
});
