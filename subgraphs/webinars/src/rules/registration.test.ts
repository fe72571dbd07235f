import { describe, expect, it } from '@jest/globals';
import { acceptsRegistrations, promotions, seatFor, seatsLeft, waitlistPositions } from './registration.ts';

describe('seats', () => {
  it('gives a seat while one is left, then waitlists', () => {
    expect(seatFor(0, 1)).toBe('REGISTERED');
    expect(seatFor(9, 10)).toBe('REGISTERED');
    expect(seatFor(10, 10)).toBe('WAITLISTED');
    expect(seatFor(11, 10)).toBe('WAITLISTED');
  });

  it('never shows negative seats, and promotes no more than the seats free or the people waiting', () => {
    expect(seatsLeft(10, 4)).toBe(6);
    expect(seatsLeft(10, 12)).toBe(0);
    expect(promotions(10, 9, 5)).toBe(1);
    expect(promotions(10, 7, 2)).toBe(2);
    expect(promotions(10, 10, 5)).toBe(0);
  });
});

describe('acceptsRegistrations', () => {
  const endsAt = new Date('2026-12-10T19:00:00.000Z');
  const before = new Date('2026-12-10T18:59:59.000Z');
  const after = new Date('2026-12-10T19:00:00.000Z');

  it('until a scheduled webinar is over, and while live', () => {
    expect(acceptsRegistrations({ status: 'SCHEDULED', endsAt }, before)).toBe(true);
    expect(acceptsRegistrations({ status: 'SCHEDULED', endsAt }, after)).toBe(false);
    expect(acceptsRegistrations({ status: 'LIVE', endsAt }, after)).toBe(true);
    expect(acceptsRegistrations({ status: 'ENDED', endsAt }, before)).toBe(false);
    expect(acceptsRegistrations({ status: 'CANCELLED', endsAt }, before)).toBe(false);
  });
});

describe('waitlistPositions', () => {
  it('numbers the line from 1 by arrival, whatever order the rows come in', () => {
    const positions = waitlistPositions([
      { id: 'c', sequence: 31 },
      { id: 'a', sequence: 12 },
      { id: 'b', sequence: 17 },
    ]);
    expect([...positions]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });
});
