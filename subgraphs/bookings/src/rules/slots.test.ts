import { describe, expect, it } from '@jest/globals';
import { listWindowProblem, planSlots, SLOT_LIMITS, type SlotPlan } from './slots.ts';

const NOW = new Date('2030-01-06T12:00:00Z');
const at = (iso: string) => new Date(iso);
const plan = (startsAt: string, endsAt: string, slotMinutes: number) =>
  planSlots({ startsAt: at(startsAt), endsAt: at(endsAt), slotMinutes }, NOW);
const times = (result: SlotPlan) =>
  result.ok
    ? result.slots.map((slot) => `${slot.startsAt.toISOString().slice(11, 16)}-${slot.endsAt.toISOString().slice(11, 16)}`)
    : result;
const problem = (result: SlotPlan) => (result.ok ? undefined : result.problem);

describe('planSlots', () => {
  it('splits the window into consecutive slots, end to start', () => {
    expect(times(plan('2030-01-07T09:00:00Z', '2030-01-07T11:00:00Z', 30))).toEqual([
      '09:00-09:30',
      '09:30-10:00',
      '10:00-10:30',
      '10:30-11:00',
    ]);
  });

  it('leaves out what is left at the end, shorter than a slot', () => {
    expect(times(plan('2030-01-07T09:00:00Z', '2030-01-07T12:00:00Z', 50))).toEqual([
      '09:00-09:50',
      '09:50-10:40',
      '10:40-11:30',
    ]);
  });

  it('keeps to the limits of slot length', () => {
    expect(problem(plan('2030-01-07T09:00:00Z', '2030-01-07T12:00:00Z', 9))).toMatchObject({ field: 'slotMinutes' });
    expect(problem(plan('2030-01-07T09:00:00Z', '2030-01-07T23:00:00Z', 241))).toMatchObject({ field: 'slotMinutes' });
    expect(problem(plan('2030-01-07T09:00:00Z', '2030-01-07T12:00:00Z', 12.5))).toMatchObject({ field: 'slotMinutes' });
    expect(times(plan('2030-01-07T09:00:00Z', '2030-01-07T09:10:00Z', SLOT_LIMITS.minMinutes))).toEqual(['09:00-09:10']);
    expect(times(plan('2030-01-07T09:00:00Z', '2030-01-07T13:00:00Z', SLOT_LIMITS.maxMinutes))).toEqual(['09:00-13:00']);
  });

  it('refuses a slot longer than the window', () => {
    expect(problem(plan('2030-01-07T09:00:00Z', '2030-01-07T09:20:00Z', 30))).toEqual({
      field: 'slotMinutes',
      message: 'is longer than the window',
    });
  });

  it('refuses times with seconds, windows that end before they start, and the past', () => {
    expect(problem(plan('2030-01-07T09:00:30Z', '2030-01-07T12:00:00Z', 30))).toMatchObject({ field: 'startsAt' });
    expect(problem(plan('2030-01-07T09:00:00Z', '2030-01-07T12:00:00.500Z', 30))).toMatchObject({ field: 'endsAt' });
    expect(problem(plan('2030-01-07T09:00:00Z', '2030-01-07T09:00:00Z', 30))).toMatchObject({ field: 'endsAt' });
    expect(problem(plan('2030-01-07T09:00:00Z', '2030-01-07T08:00:00Z', 30))).toMatchObject({ field: 'endsAt' });
    expect(problem(plan('2030-01-06T12:00:00Z', '2030-01-06T13:00:00Z', 30))).toEqual({
      field: 'startsAt',
      message: 'must be in the future',
    });
    expect(problem(plan('2029-12-31T09:00:00Z', '2029-12-31T10:00:00Z', 30))).toMatchObject({ field: 'startsAt' });
  });

  it('refuses windows longer than two weeks or too far ahead', () => {
    expect(problem(plan('2030-01-07T00:00:00Z', '2030-01-21T00:01:00Z', 240))).toMatchObject({ field: 'endsAt' });
    expect(plan('2030-01-07T00:00:00Z', '2030-01-21T00:00:00Z', 240).ok).toBe(true);
    expect(problem(plan('2031-01-08T00:00:00Z', '2031-01-08T01:00:00Z', 30))).toMatchObject({ field: 'startsAt' });
    expect(problem(plan('9999-01-08T00:00:00Z', '9999-01-08T01:00:00Z', 30))).toMatchObject({ field: 'startsAt' });
  });

  it('publishes at most 200 slots at once', () => {
    // 200 × 10 minutes fit; one more minute of window does not add a slot, ten more do.
    expect(plan('2030-01-07T00:00:00Z', '2030-01-08T09:20:00Z', 10)).toMatchObject({ ok: true, slots: { length: 200 } });
    expect(plan('2030-01-07T00:00:00Z', '2030-01-08T09:29:00Z', 10)).toMatchObject({ ok: true, slots: { length: 200 } });
    expect(problem(plan('2030-01-07T00:00:00Z', '2030-01-08T09:30:00Z', 10))).toEqual({
      field: 'slotMinutes',
      message: 'the window holds 201 slots; at most 200 at once',
    });
  });
});

describe('listWindowProblem', () => {
  it('takes windows of up to 31 days that end after they start', () => {
    expect(listWindowProblem({ startsAt: at('2030-01-01T00:00:00Z'), endsAt: at('2030-02-01T00:00:00Z') })).toBeUndefined();
    expect(listWindowProblem({ startsAt: at('2030-01-01T00:00:00Z'), endsAt: at('2030-02-01T00:00:01Z') })).toMatchObject({
      field: 'to',
    });
    expect(listWindowProblem({ startsAt: at('2030-01-01T00:00:00Z'), endsAt: at('2030-01-01T00:00:00Z') })).toMatchObject({
      field: 'to',
    });
  });
});
