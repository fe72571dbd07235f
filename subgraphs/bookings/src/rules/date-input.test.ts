import { describe, expect, it } from '@jest/globals';
import { parseDateTimeInput, toInstant, WallClockTime } from './date-input.ts';

describe('parseDateTimeInput', () => {
  const parsed = (text: string) => {
    const value = parseDateTimeInput(text);
    return value && { wallClock: value instanceof WallClockTime, iso: value.toISOString() };
  };

  it('reads instants with Z or an offset', () => {
    expect(parsed('2030-01-07T09:00:00Z')).toEqual({ wallClock: false, iso: '2030-01-07T09:00:00.000Z' });
    expect(parsed('2030-01-07T09:00:00.250z')).toEqual({ wallClock: false, iso: '2030-01-07T09:00:00.250Z' });
    expect(parsed('2030-01-07T09:00+01:00')).toEqual({ wallClock: false, iso: '2030-01-07T08:00:00.000Z' });
    expect(parsed('2030-01-07T09:00:00-05:30')).toEqual({ wallClock: false, iso: '2030-01-07T14:30:00.000Z' });
  });

  it('reads times and days without offset as wall-clock times', () => {
    expect(parsed('2030-01-07T09:00')).toEqual({ wallClock: true, iso: '2030-01-07T09:00:00.000Z' });
    expect(parsed('2030-01-07T09:00:30.5')).toEqual({ wallClock: true, iso: '2030-01-07T09:00:30.500Z' });
    expect(parsed('2030-01-07')).toEqual({ wallClock: true, iso: '2030-01-07T00:00:00.000Z' });
    expect(toInstant(parseDateTimeInput('2030-01-07T09:00')!, 'Europe/Paris').toISOString()).toBe('2030-01-07T08:00:00.000Z');
    expect(toInstant(parseDateTimeInput('2030-01-07T09:00Z')!, 'Europe/Paris').toISOString()).toBe('2030-01-07T09:00:00.000Z');
  });

  it('refuses what is not an ISO-8601 date-time or names no real moment', () => {
    for (const text of [
      '',
      'tomorrow',
      '1',
      'Mon, 07 Jan 2030 09:00:00 GMT',
      '2030-02-30T09:00:00Z',
      '2030-01-07T24:00:00Z',
      '2030-01-07T09:60:00Z',
      '2030-13-01',
      '2030-01-07Z',
      '2030-01-07T09:00:00+15:00',
      '2030-01-07T09:00:00+01:75',
      '2030-01-07 09:00:00',
      '+275760-09-13T00:00:00Z',
      `2030-01-07T09:00:00Z${'0'.repeat(1000)}`,
    ]) {
      expect({ text, value: parseDateTimeInput(text) }).toEqual({ text, value: undefined });
    }
  });
});
