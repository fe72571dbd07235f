import { describe, expect, it } from '@jest/globals';
import { emailRetryDelayMs, reminderTimes, shouldEmailUnread } from './schedule.ts';

const startsAt = new Date('2026-12-10T15:00:00Z');

describe('reminderTimes', () => {
  it('gives one reminder per offset before the start', () => {
    expect(reminderTimes(startsAt, [1_440, 60], new Date('2026-12-01T00:00:00Z'))).toEqual([
      { offsetMinutes: 1_440, dueAt: new Date('2026-12-09T15:00:00Z') },
      { offsetMinutes: 60, dueAt: new Date('2026-12-10T14:00:00Z') },
    ]);
  });

  it('leaves out the reminders already past: a booking made 3 hours ahead gets the 1-hour one only', () => {
    expect(reminderTimes(startsAt, [1_440, 60], new Date('2026-12-10T12:00:00Z'))).toEqual([
      { offsetMinutes: 60, dueAt: new Date('2026-12-10T14:00:00Z') },
    ]);
    expect(reminderTimes(startsAt, [1_440, 60], new Date('2026-12-10T14:30:00Z'))).toEqual([]);
    expect(reminderTimes(startsAt, [60], new Date('2026-12-10T14:00:00Z'))).toEqual([]);
  });
});

describe('shouldEmailUnread', () => {
  it('emails about a message still unread when the recipient was not emailed since they last read', () => {
    expect(shouldEmailUnread({ messageSeq: 1, lastReadSeq: 0, emailedSeq: 0 })).toBe(true);
    expect(shouldEmailUnread({ messageSeq: 5, lastReadSeq: 3, emailedSeq: 3 })).toBe(true);
  });

  it('says nothing about a message read since, nor twice in one unread streak', () => {
    expect(shouldEmailUnread({ messageSeq: 2, lastReadSeq: 2, emailedSeq: 0 })).toBe(false);
    // Messages 1..3 unread, emailed at 3: the jobs of 2 and 3 stay silent.
    expect(shouldEmailUnread({ messageSeq: 3, lastReadSeq: 0, emailedSeq: 3 })).toBe(false);
    // Read up to 3, then message 4: a new streak.
    expect(shouldEmailUnread({ messageSeq: 4, lastReadSeq: 3, emailedSeq: 3 })).toBe(true);
  });
});

describe('emailRetryDelayMs', () => {
  it('grows 4 times per attempt, up to 6 hours', () => {
    expect([1, 2, 3].map((attempt) => emailRetryDelayMs(attempt, 30_000))).toEqual([30_000, 120_000, 480_000]);
    expect(emailRetryDelayMs(20, 30_000)).toBe(6 * 60 * 60_000);
  });
});
