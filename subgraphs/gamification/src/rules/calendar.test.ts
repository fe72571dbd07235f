import { describe, expect, it } from '@jest/globals';
import { daysBetween, isoWeek, localDay } from './calendar.ts';

describe('localDay', () => {
  it('is the calendar day in the given timezone, not in UTC', () => {
    const instant = new Date('2026-11-20T23:30:00Z');
    expect(localDay(instant, 'UTC')).toBe('2026-11-20');
    expect(localDay(instant, 'Europe/Paris')).toBe('2026-11-21');
    expect(localDay(instant, 'Pacific/Kiritimati')).toBe('2026-11-21');
    expect(localDay(new Date('2026-11-21T04:59:59Z'), 'America/New_York')).toBe('2026-11-20');
    expect(localDay(new Date('2026-11-21T05:00:00Z'), 'America/New_York')).toBe('2026-11-21');
  });

  it('follows daylight saving time (Paris is UTC+2 in summer, UTC+1 in winter)', () => {
    expect(localDay(new Date('2026-07-14T22:00:00Z'), 'Europe/Paris')).toBe('2026-07-15');
    expect(localDay(new Date('2026-01-14T22:00:00Z'), 'Europe/Paris')).toBe('2026-01-14');
  });

  it('handles half-hour zones', () => {
    expect(localDay(new Date('2026-03-01T18:29:00Z'), 'Asia/Kolkata')).toBe('2026-03-01');
    expect(localDay(new Date('2026-03-01T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-03-02');
  });
});

describe('daysBetween', () => {
  it('counts calendar days, across months, leap days and years', () => {
    expect(daysBetween('2026-11-20', '2026-11-20')).toBe(0);
    expect(daysBetween('2026-11-20', '2026-11-21')).toBe(1);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-11-21', '2026-11-20')).toBe(-1);
  });

  it('refuses what is not a day', () => {
    expect(() => daysBetween('2026-11-2', '2026-11-20')).toThrow(/YYYY-MM-DD/);
  });
});

describe('isoWeek', () => {
  it('starts on Monday 00:00 UTC', () => {
    const week = isoWeek(new Date('2026-11-20T15:00:00Z')); // a Friday
    expect(week).toEqual({
      label: '2026-W47',
      start: new Date('2026-11-16T00:00:00Z'),
      end: new Date('2026-11-23T00:00:00Z'),
    });
    expect(isoWeek(new Date('2026-11-16T00:00:00Z')).label).toBe('2026-W47');
    expect(isoWeek(new Date('2026-11-15T23:59:59.999Z')).label).toBe('2026-W46');
    expect(isoWeek(new Date('2026-11-22T23:59:59.999Z')).label).toBe('2026-W47');
  });

  it('numbers weeks by the year of their Thursday', () => {
    expect(isoWeek(new Date('2027-01-01T12:00:00Z')).label).toBe('2026-W53');
    expect(isoWeek(new Date('2026-01-01T12:00:00Z')).label).toBe('2026-W01');
    expect(isoWeek(new Date('2024-12-30T12:00:00Z')).label).toBe('2025-W01');
    expect(isoWeek(new Date('2021-01-03T12:00:00Z')).label).toBe('2020-W53');
  });
});
