import { describe, expect, it } from '@jest/globals';
import { cancellationDeadline, cancellerOf, mayCancel, slotStatusAfterCancellation } from './cancellation.ts';

const booking = {
  studentId: 'student',
  instructorId: 'instructor',
  startsAt: new Date('2030-01-07T10:00:00Z'),
  endsAt: new Date('2030-01-07T10:30:00Z'),
};
const viewer = (userId: string, ...roles: string[]) => ({ userId, roles, sessionId: 'session' });
const NOTICE = 120;

describe('cancellerOf', () => {
  it('names the capacity in which a viewer cancels', () => {
    expect(cancellerOf(viewer('student', 'STUDENT'), booking)).toBe('STUDENT');
    expect(cancellerOf(viewer('instructor', 'INSTRUCTOR'), booking)).toBe('INSTRUCTOR');
    expect(cancellerOf(viewer('someone', 'ADMIN'), booking)).toBe('ADMIN');
  });

  it('gives strangers no say, whatever their role', () => {
    expect(cancellerOf(viewer('someone', 'STUDENT'), booking)).toBeUndefined();
    expect(cancellerOf(viewer('another-instructor', 'INSTRUCTOR'), booking)).toBeUndefined();
  });

  it('treats an admin who teaches the slot as its instructor, and an admin who booked it as an admin', () => {
    expect(cancellerOf(viewer('instructor', 'INSTRUCTOR', 'ADMIN'), booking)).toBe('INSTRUCTOR');
    expect(cancellerOf(viewer('student', 'ADMIN'), booking)).toBe('ADMIN');
  });
});

describe('cancellation window', () => {
  it('lets a learner cancel up to the notice before the start, not a minute later', () => {
    expect(cancellationDeadline('STUDENT', booking, NOTICE)).toEqual(new Date('2030-01-07T08:00:00Z'));
    expect(mayCancel('STUDENT', booking, new Date('2030-01-07T07:59:00Z'), NOTICE)).toBe(true);
    expect(mayCancel('STUDENT', booking, new Date('2030-01-07T08:00:00Z'), NOTICE)).toBe(true);
    expect(mayCancel('STUDENT', booking, new Date('2030-01-07T08:00:01Z'), NOTICE)).toBe(false);
    expect(mayCancel('STUDENT', booking, new Date('2030-01-07T09:59:00Z'), NOTICE)).toBe(false);
  });

  it('follows the configured notice', () => {
    expect(mayCancel('STUDENT', booking, new Date('2030-01-07T09:59:00Z'), 0)).toBe(true);
    expect(mayCancel('STUDENT', booking, new Date('2030-01-07T09:00:00Z'), 24 * 60)).toBe(false);
  });

  it('lets the instructor and admins cancel until the meeting is over', () => {
    for (const canceller of ['INSTRUCTOR', 'ADMIN'] as const) {
      expect(mayCancel(canceller, booking, new Date('2030-01-07T09:59:00Z'), NOTICE)).toBe(true);
      expect(mayCancel(canceller, booking, new Date('2030-01-07T10:15:00Z'), NOTICE)).toBe(true);
      expect(mayCancel(canceller, booking, new Date('2030-01-07T10:30:01Z'), NOTICE)).toBe(false);
    }
  });
});

describe('slotStatusAfterCancellation', () => {
  it('reopens the slot unless its instructor cancelled', () => {
    expect(slotStatusAfterCancellation('STUDENT')).toBe('OPEN');
    expect(slotStatusAfterCancellation('ADMIN')).toBe('OPEN');
    expect(slotStatusAfterCancellation('INSTRUCTOR')).toBe('CANCELLED');
  });
});
