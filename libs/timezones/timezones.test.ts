import { describe, expect, it } from '@jest/globals';
import { canonicalTimezone } from './timezones.ts';

describe('canonicalTimezone', () => {
  it('accepts IANA zones in any case and gives their canonical name', () => {
    expect(canonicalTimezone('Europe/Paris')).toBe('Europe/Paris');
    expect(canonicalTimezone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalTimezone('utc')).toBe('UTC');
    expect(canonicalTimezone('UTC')).toBe('UTC');
  });

  it('rejects what is not a timezone', () => {
    for (const zone of ['', 'Mars/Olympus', 'Europe/Paris ', '+05:00', 'x'.repeat(100)]) {
      expect(canonicalTimezone(zone)).toBeUndefined();
    }
  });
});
