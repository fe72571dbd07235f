import { describe, expect, it } from '@jest/globals';
import { joinWindow, mayJoin } from './join-window.ts';
import { scheduledEnd } from './schedule.ts';

const startsAt = new Date('2026-12-10T18:00:00.000Z');
const endsAt = scheduledEnd(startsAt, 60);
const at = (iso: string) => new Date(iso);
const scheduled = { status: 'SCHEDULED' as const, startsAt, endsAt };

describe('joinWindow', () => {
  it('opens 15 minutes before the start, not a millisecond earlier', () => {
    expect(joinWindow(scheduled, at('2026-12-10T17:44:59.999Z'))).toEqual({
      open: false,
      reason: 'NOT_YET',
      opensAt: at('2026-12-10T17:45:00.000Z'),
    });
    expect(joinWindow(scheduled, at('2026-12-10T17:45:00.000Z'))).toEqual({ open: true });
    expect(joinWindow(scheduled, at('2026-12-10T18:30:00.000Z'))).toEqual({ open: true });
  });

  it('closes at the scheduled end of a webinar the host never started', () => {
    expect(joinWindow(scheduled, at('2026-12-10T18:59:59.999Z'))).toEqual({ open: true });
    expect(joinWindow(scheduled, at('2026-12-10T19:00:00.000Z'))).toEqual({ open: false, reason: 'OVER' });
  });

  it('stays open while LIVE, past the scheduled end, until the host ends it', () => {
    expect(joinWindow({ ...scheduled, status: 'LIVE' }, at('2026-12-10T20:30:00.000Z'))).toEqual({ open: true });
    expect(joinWindow({ ...scheduled, status: 'ENDED' }, at('2026-12-10T18:10:00.000Z'))).toEqual({
      open: false,
      reason: 'OVER',
    });
  });

  it('never opens once cancelled', () => {
    expect(joinWindow({ ...scheduled, status: 'CANCELLED' }, at('2026-12-10T18:10:00.000Z'))).toEqual({
      open: false,
      reason: 'CANCELLED',
    });
  });
});

describe('mayJoin', () => {
  it('lets the host and seat holders in, not the waitlisted, cancelled or strangers', () => {
    expect(mayJoin(true, undefined)).toBe(true);
    expect(mayJoin(false, 'REGISTERED')).toBe(true);
    expect(mayJoin(false, 'WAITLISTED')).toBe(false);
    expect(mayJoin(false, 'CANCELLED')).toBe(false);
    expect(mayJoin(false, undefined)).toBe(false);
  });
});
