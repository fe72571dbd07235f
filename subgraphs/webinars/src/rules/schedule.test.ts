import { describe, expect, it } from '@jest/globals';
import { roomOpensAt, scheduledEnd, startsAtProblem } from './schedule.ts';
import { roomBaseProblem, roomNameFrom, roomUrl } from './room.ts';

const now = new Date('2026-12-01T10:00:00.000Z');

describe('schedule', () => {
  it('takes a start in the future, at most a year ahead', () => {
    expect(startsAtProblem(now, now)).toBe('must be in the future');
    expect(startsAtProblem(new Date('2026-12-01T09:00:00.000Z'), now)).toBe('must be in the future');
    expect(startsAtProblem(new Date('2026-12-01T10:00:01.000Z'), now)).toBeUndefined();
    expect(startsAtProblem(new Date('2027-12-01T10:00:00.000Z'), now)).toBeUndefined();
    expect(startsAtProblem(new Date('2027-12-01T10:00:01.000Z'), now)).toBe('must be at most 365 days ahead');
  });

  it('ends after its duration and opens its room 15 minutes early', () => {
    expect(scheduledEnd(now, 90).toISOString()).toBe('2026-12-01T11:30:00.000Z');
    expect(roomOpensAt(now).toISOString()).toBe('2026-12-01T09:45:00.000Z');
  });
});

describe('rooms', () => {
  it('accept https servers, http on loopback only, nothing with credentials', () => {
    expect(roomBaseProblem('https://meet.jit.si')).toBeUndefined();
    expect(roomBaseProblem('https://bbb.example.org/rooms/')).toBeUndefined();
    expect(roomBaseProblem('http://localhost:8443')).toBeUndefined();
    expect(roomBaseProblem('http://meet.example.org')).toMatch(/https/);
    expect(roomBaseProblem('https://user:secret@meet.example.org')).toMatch(/credentials/);
    expect(roomBaseProblem('https://meet.example.org/?room=1')).toMatch(/query/);
    expect(roomBaseProblem('meet.jit.si')).toMatch(/absolute URL/);
    expect(roomBaseProblem('javascript:alert(1)')).toMatch(/https/);
  });

  it('name rooms from 128 random bits and place them under the base URL', () => {
    const name = roomNameFrom(new Uint8Array(16).fill(171));
    expect(name).toBe(`DoctorPy${'ab'.repeat(16)}`);
    expect(() => roomNameFrom(new Uint8Array(8))).toThrow('at least 16 random bytes');
    expect(roomUrl('https://meet.jit.si/', name)).toBe(`https://meet.jit.si/${name}`);
    expect(roomUrl('https://bbb.example.org/rooms', 'x y')).toBe('https://bbb.example.org/rooms/x%20y');
  });
});
