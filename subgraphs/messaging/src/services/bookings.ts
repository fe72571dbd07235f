/** Booking emails (bookings' events): confirmation and cancellation to both parties, reminders before the start. */
import type { EventPayload } from '#platform/events/catalog.ts';
import type { MessagingTx } from '../db.ts';
import { reminderTimes } from '../rules/schedule.ts';
import type { Directory } from './directory.ts';
import type { Mailer } from './mailer.ts';
import type { DueJob, Scheduler } from './scheduler.ts';

type Confirmed = EventPayload<'BOOKING_CONFIRMED'>;
type Cancelled = EventPayload<'BOOKING_CANCELLED'>;

/** What a booking reminder job carries: enough to write the email without a copy of bookings. */
interface BookingReminder {
  bookingId: string;
  studentId: string;
  instructorId: string;
  startsAt: string;
  topic: string | null;
  meetingUrl: string;
  offsetMinutes: number;
}

const subjectOf = (bookingId: string) => `booking:${bookingId}`;

export class BookingNotices {
  constructor(
    private readonly mailer: Mailer,
    private readonly directory: Directory,
    private readonly scheduler: Scheduler,
    private readonly reminderOffsets: readonly number[],
  ) {}

  async confirmed(tx: MessagingTx, booking: Confirmed): Promise<void> {
    const { bookingId, studentId, instructorId } = booking;
    const name = await this.directory.names(tx, [studentId, instructorId]);
    const startsAt = new Date(booking.startsAt);
    const mail = (userId: string, asInstructor: boolean) => ({
      userId,
      dedupeKey: `booking-confirmed:${bookingId}:${userId}`,
      content: {
        kind: 'BOOKING_CONFIRMED' as const,
        asInstructor,
        otherName: name(asInstructor ? studentId : instructorId),
        startsAt,
        endsAt: new Date(booking.endsAt),
        topic: booking.topic,
        meetingUrl: booking.meetingUrl,
      },
    });
    await this.mailer.enqueue(tx, [mail(studentId, false), mail(instructorId, true)]);
    await this.scheduler.schedule(
      tx,
      reminderTimes(startsAt, this.reminderOffsets, new Date()).map(({ offsetMinutes, dueAt }) => ({
        key: `${subjectOf(bookingId)}:reminder:${offsetMinutes}`,
        kind: 'BOOKING_REMINDER' as const,
        subject: subjectOf(bookingId),
        dueAt,
        payload: {
          bookingId,
          studentId,
          instructorId,
          startsAt: booking.startsAt,
          topic: booking.topic,
          meetingUrl: booking.meetingUrl,
          offsetMinutes,
        } satisfies BookingReminder,
      })),
    );
  }

  async cancelled(tx: MessagingTx, booking: Cancelled): Promise<void> {
    const { bookingId, studentId, instructorId, cancelledById } = booking;
    await this.scheduler.cancel(tx, subjectOf(bookingId));
    const name = await this.directory.names(tx, [studentId, instructorId]);
    const mail = (userId: string, otherId: string) => ({
      userId,
      dedupeKey: `booking-cancelled:${bookingId}:${userId}`,
      content: {
        kind: 'BOOKING_CANCELLED' as const,
        otherName: name(otherId),
        startsAt: new Date(booking.startsAt),
        byRecipient: cancelledById === userId,
        reason: booking.reason,
      },
    });
    await this.mailer.enqueue(tx, [mail(studentId, instructorId), mail(instructorId, studentId)]);
  }

  /** A reminder job: both parties, once per offset. */
  async remind(tx: MessagingTx, job: DueJob): Promise<void> {
    const reminder = job.payload as unknown as BookingReminder;
    const { bookingId, studentId, instructorId, offsetMinutes } = reminder;
    const name = await this.directory.names(tx, [studentId, instructorId]);
    const mail = (userId: string, otherId: string) => ({
      userId,
      dedupeKey: `booking-reminder:${bookingId}:${offsetMinutes}:${userId}`,
      content: {
        kind: 'BOOKING_REMINDER' as const,
        otherName: name(otherId),
        startsAt: new Date(reminder.startsAt),
        offsetMinutes,
        topic: reminder.topic,
        meetingUrl: reminder.meetingUrl,
      },
    });
    await this.mailer.enqueue(tx, [mail(studentId, instructorId), mail(instructorId, studentId)]);
  }
}
