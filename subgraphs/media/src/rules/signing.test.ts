import { describe, expect, it } from '@jest/globals';
import { checkSignature, signature } from './signing.ts';

const secret = 's'.repeat(64);
const key = 'attachment/0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b/content';
const now = 1_800_000_000;
const signed = (method: string, expires: number) => ({
  method,
  key,
  expires: String(expires),
  signature: signature(secret, method, key, expires),
});

describe('checkSignature', () => {
  it('accepts its own signature until it expires; HEAD reads like GET', () => {
    expect(checkSignature(secret, signed('GET', now + 60), now)).toBe('valid');
    expect(checkSignature(secret, { ...signed('GET', now + 60), method: 'HEAD' }, now)).toBe('valid');
    expect(checkSignature(secret, signed('GET', now), now)).toBe('expired');
  });

  it('refuses another method, key, expiry or secret, and malformed parameters', () => {
    const get = signed('GET', now + 60);
    expect(checkSignature(secret, { ...get, method: 'PUT' }, now)).toBe('invalid');
    expect(checkSignature(secret, { ...get, key: key.replace('content', 'upload') }, now)).toBe('invalid');
    expect(checkSignature(secret, { ...get, expires: String(now + 3600) }, now)).toBe('invalid');
    expect(checkSignature('t'.repeat(64), get, now)).toBe('invalid');
    for (const broken of [
      { expires: '-1' },
      { expires: '1e9' },
      { expires: ['1'] },
      { signature: 'abc' },
      { signature: undefined },
    ])
      expect(checkSignature(secret, { ...get, ...broken }, now)).toBe('invalid');
  });
});
