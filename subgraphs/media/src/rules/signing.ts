/**
 * Signed URLs of the local disk driver: HMAC-SHA256 over the method, the key and the expiry (unix
 * seconds), checked in constant time. A URL grants one method on one key until it expires.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signature = (secret: string, method: string, key: string, expires: number): string =>
  createHmac('sha256', secret).update(`${method.toUpperCase()}\n${key}\n${expires}`).digest('hex');

export type SignatureCheck = 'valid' | 'expired' | 'invalid';

export function checkSignature(
  secret: string,
  request: { method: string; key: string; expires: unknown; signature: unknown },
  nowSeconds: number,
): SignatureCheck {
  const { expires, signature: given } = request;
  if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires)) return 'invalid';
  if (typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given)) return 'invalid';
  // HEAD reads what GET reads.
  const method = request.method.toUpperCase() === 'HEAD' ? 'GET' : request.method;
  const expected = Buffer.from(signature(secret, method, request.key, Number(expires)), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) return 'invalid';
  return Number(expires) > nowSeconds ? 'valid' : 'expired';
}
