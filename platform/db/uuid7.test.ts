import { describe, expect, it } from '@jest/globals';
import { uuid7 } from './uuid7.ts';

describe('uuid7', () => {
  it('is a version 7, variant 1 UUID', () => {
    expect(uuid7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('starts with the time in milliseconds, so ids of later times sort after', () => {
    const at = Date.UTC(2026, 11, 1, 8, 30);
    expect(uuid7(at).replace('-', '').slice(0, 12)).toBe(at.toString(16).padStart(12, '0'));
    expect(uuid7(at + 1) > uuid7(at)).toBe(true);
  });

  it('differs from one call to the next within a millisecond', () => {
    const at = Date.now();
    expect(new Set(Array.from({ length: 100 }, () => uuid7(at))).size).toBe(100);
  });

  it('sorts in the order it was made within one millisecond, past 4,096 ids too', () => {
    const at = Date.now() + 5_000;
    const ids = Array.from({ length: 5_000 }, () => uuid7(at));
    expect([...ids].sort()).toEqual(ids);
  });
});
