/**
 * Unsubscribe tokens: who and which category, signed with HMAC-SHA256, so a link works with one
 * click and no sign-in and cannot be forged or turned to another user or category. They do not
 * expire: an old email's link must still work.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface UnsubscribeClaim {
  userId: string;
  category: string;
}

const VERSION = 'u1';
const MAX_TOKEN = 600;

const signature = (secret: string, body: string) => createHmac('sha256', secret).update(`${VERSION}.${body}`).digest();

export function signUnsubscribe(secret: string, claim: UnsubscribeClaim): string {
  const body = Buffer.from(JSON.stringify([claim.userId, claim.category])).toString('base64url');
  return `${VERSION}.${body}.${signature(secret, body).toString('base64url')}`;
}

/** The claim of a genuine token, or undefined for anything else (tampered, truncated, another key). */
export function verifyUnsubscribe(secret: string, token: unknown): UnsubscribeClaim | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN) return undefined;
  const [version, body, mac, ...rest] = token.split('.');
  if (version !== VERSION || !body || !mac || rest.length) return undefined;
  const given = Buffer.from(mac, 'base64url');
  const expected = signature(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
    const [userId, category] = decoded as unknown[];
    return typeof userId === 'string' && typeof category === 'string' ? { userId, category } : undefined;
  } catch {
    return undefined;
  }
}
