import { describe, expect, it } from '@jest/globals';
import { PasswordHasher, passwordPolicy } from './passwords.ts';

describe('password policy', () => {
  it.each([
    ['correct horse 42', true],
    ['Tr0ub4dor&3x', true],
    ['short1!', false],
    ['qwertyuiop1', false],
    ['abababababab1', false],
    ['lettersonlyhere', false],
    ['1111111111', false],
  ])('%s → %s', (password, accepted) => {
    expect(passwordPolicy.safeParse(password).success).toBe(accepted);
  });
});

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(8_192);

  it('hashes with argon2id and verifies', async () => {
    const hash = await hasher.hash('correct horse 42');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=8192,p=1,t=2\$/);
    expect(await hasher.verify(hash, 'correct horse 42')).toBe(true);
    expect(await hasher.verify(hash, 'correct horse 43')).toBe(false);
  });

  it('spends a real check on unknown accounts and always fails', async () => {
    expect(await hasher.verifyNothing('anything at all 1')).toBe(false);
  });
});
