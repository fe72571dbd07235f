import { describe, expect, it } from '@jest/globals';
import { localDay } from './calendar.ts';
import { extendStreak, MAX_FREEZES, NO_STREAK, streakAsOf, type Streak } from './streaks.ts';

/** The streak after XP on each of `days`, in order. */
const after = (days: string[], start: Streak = NO_STREAK) => days.reduce(extendStreak, start);

describe('extendStreak', () => {
  it('starts at 1 on the first day with XP', () => {
    expect(after(['2026-11-20'])).toEqual({ current: 1, longest: 1, freezesLeft: 2, lastActiveDay: '2026-11-20' });
  });

  it('does not change on a second XP event the same day', () => {
    const streak = after(['2026-11-20']);
    expect(extendStreak(streak, '2026-11-20')).toBe(streak);
  });

  it('grows by one on each next day, across month ends', () => {
    expect(after(['2026-11-29', '2026-11-30', '2026-12-01'])).toMatchObject({
      current: 3,
      longest: 3,
      lastActiveDay: '2026-12-01',
    });
  });

  it('uses a freeze to bridge exactly one missed day', () => {
    const streak = after(['2026-11-01', '2026-11-02', '2026-11-04']);
    expect(streak).toEqual({ current: 3, longest: 3, freezesLeft: 1, lastActiveDay: '2026-11-04' });
    const secondFreeze = after(['2026-11-06'], streak);
    expect(secondFreeze).toMatchObject({ current: 4, freezesLeft: 0 });
    // No freeze left: the next missed day breaks it.
    expect(after(['2026-11-08'], secondFreeze)).toEqual({ current: 1, longest: 4, freezesLeft: 0, lastActiveDay: '2026-11-08' });
  });

  it('restarts at 1 after one missed day with no freeze left, keeping the longest', () => {
    const noFreeze = { current: 4, longest: 6, freezesLeft: 0, lastActiveDay: '2026-11-10' };
    expect(extendStreak(noFreeze, '2026-11-12')).toEqual({ current: 1, longest: 6, freezesLeft: 0, lastActiveDay: '2026-11-12' });
  });

  it('restarts at 1 after two missed days, freezes or not (a freeze bridges one day)', () => {
    const streak = after(['2026-11-01', '2026-11-02']);
    expect(extendStreak(streak, '2026-11-05')).toEqual({ current: 1, longest: 2, freezesLeft: 2, lastActiveDay: '2026-11-05' });
  });

  it('earns a freeze on every 7th consecutive day, up to 3', () => {
    const days = Array.from({ length: 21 }, (_, index) => `2026-11-${String(index + 1).padStart(2, '0')}`);
    expect(after(days.slice(0, 6)).freezesLeft).toBe(2);
    expect(after(days.slice(0, 7))).toMatchObject({ current: 7, freezesLeft: 3 });
    expect(after(days.slice(0, 14))).toMatchObject({ current: 14, freezesLeft: MAX_FREEZES });
    const spent = after(['2026-11-23'], after(days.slice(0, 21))); // 22nd missed: a freeze bridges it
    expect(spent).toMatchObject({ current: 22, freezesLeft: 2 });
  });

  it('counts a day reached through a freeze towards the 7-day reward', () => {
    const streak = after(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-08']);
    expect(streak).toMatchObject({ current: 7, freezesLeft: 2 }); // 2 − 1 used + 1 earned
  });

  it('ignores XP for a day before the last active day (a late delivery does not rewrite history)', () => {
    const streak = after(['2026-11-10', '2026-11-11']);
    expect(extendStreak(streak, '2026-11-09')).toBe(streak);
  });

  it('counts days in the learner timezone: 23:30 and 00:30 UTC are one day in New York, two in UTC', () => {
    const late = new Date('2026-11-20T23:30:00Z');
    const early = new Date('2026-11-21T00:30:00Z');
    const inZone = (zone: string) => after([localDay(late, zone), localDay(early, zone)]);
    expect(inZone('UTC').current).toBe(2);
    expect(inZone('America/New_York').current).toBe(1);
    // In Tokyo both are on Nov 21 (08:30 and 09:30), so one day as well.
    expect(inZone('Asia/Tokyo')).toMatchObject({ current: 1, lastActiveDay: '2026-11-21' });
  });

  it('crosses midnight exactly at the local boundary', () => {
    const zone = 'Europe/Paris'; // UTC+1 in November
    const beforeMidnight = localDay(new Date('2026-11-20T22:59:59Z'), zone);
    const atMidnight = localDay(new Date('2026-11-20T23:00:00Z'), zone);
    expect([beforeMidnight, atMidnight]).toEqual(['2026-11-20', '2026-11-21']);
    expect(after([beforeMidnight, atMidnight]).current).toBe(2);
  });
});

describe('streakAsOf', () => {
  const streak: Streak = { current: 5, longest: 8, freezesLeft: 1, lastActiveDay: '2026-11-10' };

  it('shows the streak while it can still be continued', () => {
    expect(streakAsOf(streak, '2026-11-10')).toBe(streak);
    expect(streakAsOf(streak, '2026-11-11')).toBe(streak);
    expect(streakAsOf(streak, '2026-11-12')).toBe(streak); // a freeze can still bridge the 11th
  });

  it('shows 0 once it can no longer be continued, keeping the longest', () => {
    expect(streakAsOf(streak, '2026-11-13')).toEqual({ ...streak, current: 0 });
    expect(streakAsOf({ ...streak, freezesLeft: 0 }, '2026-11-12')).toEqual({ ...streak, freezesLeft: 0, current: 0 });
  });

  it('leaves a learner without any XP day as is', () => {
    expect(streakAsOf(NO_STREAK, '2026-11-13')).toBe(NO_STREAK);
  });
});
