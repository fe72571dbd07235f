/**
 * Webinar emails (webinars' events): a copy of each webinar and of its registrations, reminders
 * before the start to the learners REGISTERED when the reminder fires (not the waiting list), and
 * a cancellation email to them. A cancelled or ended webinar's pending reminders are cancelled; a
 * reminder that fires anyway checks the copy first.
 */
import type { EventPayload } from '#platform/events/catalog.ts';
import type { MessagingTx } from '../db.ts';
import { reminderTimes } from '../rules/schedule.ts';
import type { Mailer } from './mailer.ts';
import type { DueJob, Scheduler } from './scheduler.ts';

type WebinarFacts = EventPayload<'WEBINAR_SCHEDULED'>;

const subjectOf = (webinarId: string) => `webinar:${webinarId}`;

export class WebinarNotices {
  constructor(
    private readonly mailer: Mailer,
    private readonly scheduler: Scheduler,
    private readonly reminderOffsets: readonly number[],
  ) {}

  /** WEBINAR_SCHEDULED, and the webinar every later event carries: the copy and its reminders. */
  async webinar(tx: MessagingTx, facts: WebinarFacts, status?: string): Promise<void> {
    const { webinarId, hostId, title, durationMinutes } = facts;
    const startsAt = new Date(facts.startsAt);
    const saved = await tx.webinar.upsert({
      where: { id: webinarId },
      create: { id: webinarId, hostId, title, startsAt, durationMinutes, status: status ?? 'SCHEDULED' },
      update: { hostId, title, startsAt, durationMinutes, ...(status ? { status } : {}) },
    });
    if (saved.status !== 'SCHEDULED') return;
    await this.scheduler.schedule(
      tx,
      reminderTimes(startsAt, this.reminderOffsets, new Date()).map(({ offsetMinutes, dueAt }) => ({
        key: `${subjectOf(webinarId)}:reminder:${offsetMinutes}`,
        kind: 'WEBINAR_REMINDER' as const,
        subject: subjectOf(webinarId),
        dueAt,
        payload: { webinarId, offsetMinutes },
      })),
    );
  }

  /** WEBINAR_REGISTERED / WEBINAR_REGISTRATION_CANCELLED, unless a later event already said otherwise. */
  async registration(
    tx: MessagingTx,
    facts: WebinarFacts & { userId: string },
    status: 'REGISTERED' | 'WAITLISTED' | 'CANCELLED',
    at: Date,
  ): Promise<void> {
    await this.webinar(tx, facts);
    const { webinarId, userId } = facts;
    const { count } = await tx.webinarRegistration.updateMany({
      where: { webinarId, userId, changedAt: { lt: at } },
      data: { status, changedAt: at },
    });
    if (count === 0)
      await tx.webinarRegistration.createMany({ data: [{ webinarId, userId, status, changedAt: at }], skipDuplicates: true });
  }

  async statusChanged(tx: MessagingTx, change: EventPayload<'WEBINAR_STATUS_CHANGED'>): Promise<void> {
    await this.webinar(tx, change, change.status);
    if (change.status === 'LIVE') return;
    await this.scheduler.cancel(tx, subjectOf(change.webinarId));
    if (change.status !== 'CANCELLED') return;
    const registered = await this.registeredUsers(tx, change.webinarId);
    await this.mailer.enqueue(
      tx,
      registered.map((userId) => ({
        userId,
        dedupeKey: `webinar-cancelled:${change.webinarId}:${userId}`,
        content: { kind: 'WEBINAR_CANCELLED' as const, title: change.title, startsAt: new Date(change.startsAt) },
      })),
    );
  }

  /** A reminder job: the learners registered now, once per offset. */
  async remind(tx: MessagingTx, job: DueJob): Promise<void> {
    const { webinarId, offsetMinutes } = job.payload as { webinarId: string; offsetMinutes: number };
    const webinar = await tx.webinar.findUnique({ where: { id: webinarId } });
    if (webinar?.status !== 'SCHEDULED') return;
    const registered = await this.registeredUsers(tx, webinarId);
    await this.mailer.enqueue(
      tx,
      registered.map((userId) => ({
        userId,
        dedupeKey: `webinar-reminder:${webinarId}:${offsetMinutes}:${userId}`,
        content: { kind: 'WEBINAR_REMINDER' as const, title: webinar.title, startsAt: webinar.startsAt, offsetMinutes },
      })),
    );
  }

  private async registeredUsers(tx: MessagingTx, webinarId: string): Promise<string[]> {
    const rows = await tx.webinarRegistration.findMany({ where: { webinarId, status: 'REGISTERED' }, select: { userId: true } });
    return rows.map((row) => row.userId);
  }
}
