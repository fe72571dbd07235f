/**
 * Announcement notifications: notifications keeps its own copy of enrollments (courses' events),
 * and ANNOUNCEMENT_POSTED, one event per announcement, becomes one notification per enrolled
 * learner here, written in one statement. Why here rather than one event per recipient from
 * messaging: the stream (and analytics' store of every event) carries one event however large the
 * course, and each consumer fans out from its own copy in its own transaction.
 */
import type { EventPayload } from '#platform/events/catalog.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { NotificationsTx } from '../db.ts';

export class Announcements {
  constructor(private readonly events: SubgraphEvents) {}

  /** ENROLLMENT_CREATED (active) or ENROLLMENT_ENDED (not), unless a later event already said otherwise. */
  async enrollment(tx: NotificationsTx, { userId, courseId }: { userId: string; courseId: string }, active: boolean, at: Date) {
    const { count } = await tx.courseEnrollment.updateMany({
      where: { userId, courseId, changedAt: { lt: at } },
      data: { active, changedAt: at },
    });
    if (count === 0)
      await tx.courseEnrollment.createMany({ data: [{ userId, courseId, active, changedAt: at }], skipDuplicates: true });
  }

  /** One notification per learner enrolled now (not its author, not those who turned announcements off in the app). */
  async posted(tx: NotificationsTx, eventId: string, posted: EventPayload<'ANNOUNCEMENT_POSTED'>): Promise<number> {
    const enrolled = await tx.courseEnrollment.findMany({
      where: { courseId: posted.courseId, active: true, userId: { not: posted.authorId } },
      select: { userId: true },
    });
    if (!enrolled.length) return 0;
    const off = await tx.notificationPreference.findMany({
      where: { userId: { in: enrolled.map((row) => row.userId) }, kind: 'ANNOUNCEMENT', inApp: false },
      select: { userId: true },
    });
    const silenced = new Set(off.map((row) => row.userId));
    const created = await tx.notification.createManyAndReturn({
      data: enrolled
        .filter((row) => !silenced.has(row.userId))
        .map(({ userId }) => ({
          userId,
          kind: 'ANNOUNCEMENT' as const,
          title: `${posted.courseTitle}: ${posted.title}`,
          body: posted.excerpt,
          conversationId: posted.conversationId,
          sourceEventId: eventId,
        })),
      // A second copy of the event makes nothing (the inbox stops it first; this is for replays).
      skipDuplicates: true,
      select: { id: true, userId: true },
    });
    for (const notification of created)
      await this.events.stage(tx, 'NOTIFICATION_CREATED', {
        notificationId: notification.id,
        userId: notification.userId,
        kind: 'ANNOUNCEMENT',
      });
    return created.length;
  }
}
