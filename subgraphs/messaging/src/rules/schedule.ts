/** When reminders fire and when an unread message deserves an email: pure timing rules. */

export interface ReminderTime {
  /** Minutes before the start. */
  offsetMinutes: number;
  dueAt: Date;
}

/**
 * One reminder per offset, `offset` minutes before `startsAt`, for those still ahead of `now`: a
 * booking made 30 minutes ahead gets neither its 24-hour nor its 1-hour reminder (its confirmation
 * says when it starts).
 */
export function reminderTimes(startsAt: Date, offsetsMinutes: readonly number[], now: Date): ReminderTime[] {
  return offsetsMinutes
    .map((offsetMinutes) => ({ offsetMinutes, dueAt: new Date(startsAt.getTime() - offsetMinutes * 60_000) }))
    .filter((reminder) => reminder.dueAt > now);
}

export interface UnreadState {
  /** The seq of the message the delayed email is about. */
  messageSeq: number;
  /** The recipient's read marker now. */
  lastReadSeq: number;
  /** The conversation's seq when the recipient was last emailed about unread messages. */
  emailedSeq: number;
}

/**
 * Email about an unread message when it is still unread and the recipient has not been emailed
 * since they last read: one email per unread streak, however many messages it holds.
 */
export const shouldEmailUnread = ({ messageSeq, lastReadSeq, emailedSeq }: UnreadState): boolean =>
  messageSeq > lastReadSeq && emailedSeq <= lastReadSeq;

/** Wait before the next attempt at sending an email: base × 4^(attempt-1), at most 6 hours. */
export const emailRetryDelayMs = (attempt: number, baseMs: number): number =>
  Math.min(6 * 60 * 60_000, baseMs * 4 ** Math.max(0, attempt - 1));
