/**
 * Sessions ended before their access tokens expire (logout, refresh-token reuse, password change).
 * Accounts records them; every token check consults the list, so a revoked session's access token
 * stops working at once instead of living out its 15 minutes. Redis when configured (shared by all
 * replicas), process memory otherwise. Entries expire with the longest-lived access token.
 */
import type { Runtime } from '../runtime.ts';

export interface SessionRevocations {
  revoke(sessionId: string, ttlSeconds: number): Promise<void>;
  isRevoked(sessionId: string): Promise<boolean>;
}

const KEY_PREFIX = 'doctorpy:revoked-session:';

export function sessionRevocations(runtime: Runtime): SessionRevocations {
  const redis = runtime.redis();
  if (redis) {
    return {
      revoke: async (sessionId, ttlSeconds) => void (await redis.set(KEY_PREFIX + sessionId, '1', 'EX', ttlSeconds)),
      isRevoked: async (sessionId) => (await redis.exists(KEY_PREFIX + sessionId)) === 1,
    };
  }
  const expiries = runtime.shared('session-revocations', () => new Map<string, number>());
  return {
    async revoke(sessionId, ttlSeconds) {
      const now = Date.now();
      for (const [id, expiry] of expiries) if (expiry <= now) expiries.delete(id);
      expiries.set(sessionId, now + ttlSeconds * 1000);
    },
    async isRevoked(sessionId) {
      return (expiries.get(sessionId) ?? 0) > Date.now();
    },
  };
}
