/**
 * Who may cancel a booking, until when, and what becomes of its slot. Pure: the caller passes
 * `now` and the notice learners must give (BOOKING_CANCEL_NOTICE_MINUTES).
 */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';

export type Canceller = 'STUDENT' | 'INSTRUCTOR' | 'ADMIN';

interface Participants {
  studentId: string;
  instructorId: string;
}

interface Times {
  startsAt: Date;
  endsAt: Date;
}

/**
 * In what capacity `viewer` cancels, or undefined when they have no say. The instructor first
 * (even an admin who teaches cancels their own slot as its instructor), then admins, then the learner.
 */
export function cancellerOf(viewer: Viewer, booking: Participants): Canceller | undefined {
  if (viewer.userId === booking.instructorId) return 'INSTRUCTOR';
  if (hasRole(viewer, 'ADMIN')) return 'ADMIN';
  if (viewer.userId === booking.studentId) return 'STUDENT';
  return undefined;
}

/**
 * The last moment `canceller` may cancel: a learner up to `noticeMinutes` before the start; the
 * instructor and admins until the end (a meeting that is over is history, not a cancellation).
 */
export function cancellationDeadline(canceller: Canceller, booking: Times, noticeMinutes: number): Date {
  return canceller === 'STUDENT' ? new Date(booking.startsAt.getTime() - noticeMinutes * 60_000) : booking.endsAt;
}

export const mayCancel = (canceller: Canceller, booking: Times, now: Date, noticeMinutes: number): boolean =>
  now <= cancellationDeadline(canceller, booking, noticeMinutes);

/**
 * A learner's (or an admin's) cancellation frees the slot for someone else; the instructor's
 * means they will not be there, so the slot goes too.
 */
export const slotStatusAfterCancellation = (canceller: Canceller): 'OPEN' | 'CANCELLED' =>
  canceller === 'INSTRUCTOR' ? 'CANCELLED' : 'OPEN';
