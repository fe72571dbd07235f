import { describe, expect, it } from '@jest/globals';
import { signUnsubscribe, verifyUnsubscribe } from './unsubscribe-token.ts';

const secret = 'a'.repeat(64);
const claim = { userId: '0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b', category: 'BOOKINGS' };

describe('unsubscribe tokens', () => {
  it('carry the user and category, URL-safe and stable', () => {
    const token = signUnsubscribe(secret, claim);
    expect(token).toMatch(/^u1\.[\w-]+\.[\w-]+$/);
    expect(signUnsubscribe(secret, claim)).toBe(token);
    expect(verifyUnsubscribe(secret, token)).toEqual(claim);
  });

  it('refuse another key, a changed user or category, and a cut or changed signature', () => {
    const token = signUnsubscribe(secret, claim);
    expect(verifyUnsubscribe('b'.repeat(64), token)).toBeUndefined();
    const [version, , mac] = token.split('.');
    const otherBody = Buffer.from(JSON.stringify([claim.userId, 'MESSAGES'])).toString('base64url');
    expect(verifyUnsubscribe(secret, `${version}.${otherBody}.${mac}`)).toBeUndefined();
    const otherUser = signUnsubscribe(secret, { ...claim, userId: 'someone-else' }).split('.')[1];
    expect(verifyUnsubscribe(secret, `${version}.${otherUser}.${mac}`)).toBeUndefined();
    expect(verifyUnsubscribe(secret, token.slice(0, -2))).toBeUndefined();
    expect(verifyUnsubscribe(secret, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
  });

  it('refuse what is not a token at all', () => {
    for (const junk of [undefined, null, 42, ['u1.a.b'], '', 'u1', 'u1..', 'u2.e30.abc', `u1.${'x'.repeat(700)}.y`, 'u1.a.b.c'])
      expect(verifyUnsubscribe(secret, junk)).toBeUndefined();
  });

  it('refuse a genuine signature over something that is not a claim', () => {
    // Signed with the right key, but the body is not [userId, category]: still nothing.
    const body = Buffer.from(JSON.stringify({ userId: 'x' })).toString('base64url');
    const forged = signUnsubscribe(secret, claim).split('.');
    expect(verifyUnsubscribe(secret, `u1.${body}.${forged[2]}`)).toBeUndefined();
  });
});
