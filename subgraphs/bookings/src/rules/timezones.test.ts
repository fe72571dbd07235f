import { describe, expect, it } from '@jest/globals';
import { instantAt, localIso, offsetMinutes } from './timezones.ts';

const wall = (fields: string) => Date.parse(`${fields}Z`);
const instant = (wallClock: string, zone: string) => new Date(instantAt(wall(wallClock), zone)).toISOString();

describe('offsets and local times', () => {
  it('follows daylight saving time', () => {
    expect(offsetMinutes(Date.parse('2030-01-07T09:00:00Z'), 'Europe/Paris')).toBe(60);
    expect(offsetMinutes(Date.parse('2030-07-07T09:00:00Z'), 'Europe/Paris')).toBe(120);
    expect(offsetMinutes(Date.parse('2030-01-07T09:00:00Z'), 'America/New_York')).toBe(-300);
    expect(offsetMinutes(Date.parse('2030-01-07T09:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(offsetMinutes(Date.parse('2030-01-07T09:00:00Z'), 'UTC')).toBe(0);
  });

  it('shows an instant on a zone wall clock with its offset', () => {
    expect(localIso(new Date('2030-01-07T08:00:00Z'), 'Europe/Paris')).toBe('2030-01-07T09:00:00+01:00');
    expect(localIso(new Date('2030-07-07T07:00:00Z'), 'Europe/Paris')).toBe('2030-07-07T09:00:00+02:00');
    expect(localIso(new Date('2030-01-07T14:00:00Z'), 'America/New_York')).toBe('2030-01-07T09:00:00-05:00');
    expect(localIso(new Date('2030-01-07T03:30:00Z'), 'Asia/Kolkata')).toBe('2030-01-07T09:00:00+05:30');
    expect(localIso(new Date('2030-01-07T09:00:00Z'), 'UTC')).toBe('2030-01-07T09:00:00+00:00');
    expect(localIso(new Date('2030-01-07T23:30:00Z'), 'Pacific/Kiritimati')).toBe('2030-01-08T13:30:00+14:00');
  });
});

describe('instantAt', () => {
  it('reads a wall-clock time in the zone', () => {
    expect(instant('2030-01-07T09:00:00', 'Europe/Paris')).toBe('2030-01-07T08:00:00.000Z');
    expect(instant('2030-07-07T09:00:00', 'Europe/Paris')).toBe('2030-07-07T07:00:00.000Z');
    expect(instant('2030-01-07T09:00:00', 'America/New_York')).toBe('2030-01-07T14:00:00.000Z');
    expect(instant('2030-01-07T00:00:00', 'Pacific/Kiritimati')).toBe('2030-01-06T10:00:00.000Z');
  });

  it('moves a time that never happens forward by the gap (Paris, 31 March 2030: 02:00 → 03:00)', () => {
    expect(instant('2030-03-31T02:30:00', 'Europe/Paris')).toBe('2030-03-31T01:30:00.000Z');
    expect(localIso(new Date('2030-03-31T01:30:00Z'), 'Europe/Paris')).toBe('2030-03-31T03:30:00+02:00');
    expect(instant('2030-03-31T03:00:00', 'Europe/Paris')).toBe('2030-03-31T01:00:00.000Z');
  });

  it('takes the earlier of a time that happens twice (Paris, 27 October 2030: 03:00 → 02:00)', () => {
    expect(instant('2030-10-27T02:30:00', 'Europe/Paris')).toBe('2030-10-27T00:30:00.000Z');
    expect(instant('2030-10-27T03:30:00', 'Europe/Paris')).toBe('2030-10-27T02:30:00.000Z');
  });
});
