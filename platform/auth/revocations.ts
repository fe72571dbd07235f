/**
 * Access tokens ended before they expire. Accounts records them; every token check consults the
 * list, so an ended token stops working at once instead of living out its 15 minutes:
 * - a session's tokens (logout, refresh-token reuse, password change, a disabled user);
 * - a user's tokens issued until now, in every session (a role revoked, a user disabled): tokens
 *   issued afterwards (the next refreshSession, with the roles of then) are valid.
 * Redis when configured (shared by all replicas), process memory otherwise. Entries expire with
 * the longest-lived access token.
 */
import { redisKey } from '../cache.ts';
import type { Runtime } from '../runtime.ts';

/** Why a token no longer grants anything. */
export type Revocation = 'session-ended' | 'tokens-revoked';

export interface RevocableToken {
  sessionId: string;
  userId: string;
  /** When the token was signed (its `iat`), in milliseconds. */
  issuedAtMs: number;
}

export interface SessionRevocations {
  revoke(sessionId: string, ttlSeconds: number): Promise<void>;
  /** Ends every access token of the user signed until now. */
  revokeUserTokens(userId: string, ttlSeconds: number): Promise<void>;
  check(token: RevocableToken): Promise<Revocation | undefined>;
}

const SESSION_PREFIX = 'revoked-session:';
/** Holds the time (ms) before which the user's tokens were signed in vain. */
const USER_PREFIX = 'user-tokens-revoked-before:';

const verdict = (sessionEnded: boolean, revokedBefore: number, token: RevocableToken): Revocation | undefined => {
  if (sessionEnded) return 'session-ended';
  if (token.issuedAtMs < revokedBefore) return 'tokens-revoked';
  return undefined;
};

export function sessionRevocations(runtime: Runtime): SessionRevocations {
  const redis = runtime.redis();
  if (!redis) return runtime.shared('session-revocations', memoryRevocations);
  const sessionKey = (sessionId: string) => redisKey(runtime, SESSION_PREFIX + sessionId);
  const userKey = (userId: string) => redisKey(runtime, USER_PREFIX + userId);
  return {
    revoke: async (sessionId, ttlSeconds) => void (await redis.set(sessionKey(sessionId), '1', 'EX', ttlSeconds)),
    revokeUserTokens: async (userId, ttlSeconds) => void (await redis.set(userKey(userId), String(Date.now()), 'EX', ttlSeconds)),
    async check(token) {
      // One round trip for both lists: this runs on every request.
      const [session, user] = await redis.mget(sessionKey(token.sessionId), userKey(token.userId));
      return verdict(session !== null, Number(user ?? 0), token);
    },
  };
}

/** The in-process list of the embedded mode (one per process, shared by its servers). */
export function memoryRevocations(): SessionRevocations {
  const sessions = new Map<string, number>();
  const users = new Map<string, { before: number; expiry: number }>();
  const forget = (now: number) => {
    for (const [id, expiry] of sessions) if (expiry <= now) sessions.delete(id);
    for (const [id, entry] of users) if (entry.expiry <= now) users.delete(id);
  };
  return {
    async revoke(sessionId, ttlSeconds) {
      const now = Date.now();
      forget(now);
      sessions.set(sessionId, now + ttlSeconds * 1000);
    },
    async revokeUserTokens(userId, ttlSeconds) {
      const now = Date.now();
      forget(now);
      users.set(userId, { before: now, expiry: now + ttlSeconds * 1000 });
    },
    async check(token) {
      const now = Date.now();
      const user = users.get(token.userId);
      return verdict((sessions.get(token.sessionId) ?? 0) > now, user && user.expiry > now ? user.before : 0, token);
    },
  };
}
