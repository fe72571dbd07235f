/** Makes the notification an event asks for, inside the consumer's transaction. */
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { Logger } from '#platform/logger.ts';
import type { NotificationsTx } from '../db.ts';
import type { Notification } from '../generated/prisma/client.ts';
import type { RecipientLocales } from './locales.ts';
import { notificationFor, type NotifyingEvent } from './messages.ts';

export class Delivery {
  constructor(
    private readonly events: SubgraphEvents,
    private readonly locales: RecipientLocales,
  ) {}

  /**
   * The notification in the recipient's language, or undefined when the user turned that kind off, or this event already made one. NOTIFICATION_CREATED commits with the row, so whoever reacts to
   * it (the gateway's `notificationAdded`) can already read the notification.
   */
  async deliver(tx: NotificationsTx, event: NotifyingEvent, log: Logger): Promise<Notification | undefined> {
    const draft = notificationFor(event, await this.locales.textsFor(tx, event.payload.userId));
    const preference = await tx.notificationPreference.findUnique({
      where: { userId_kind: { userId: draft.userId, kind: draft.kind } },
      select: { inApp: true },
    });
    if (preference?.inApp === false) {
      log.debug({ kind: draft.kind }, 'in-app notifications of this kind are off for the user');
      return undefined;
    }
    // skipDuplicates: a second copy of the event is a no-op instead of an aborted transaction.
    const [notification] = await tx.notification.createManyAndReturn({
      data: [{ ...draft, sourceEventId: event.id }],
      skipDuplicates: true,
    });
    if (!notification) return undefined;
    await this.events.stage(tx, 'NOTIFICATION_CREATED', {
      notificationId: notification.id,
      userId: notification.userId,
      kind: notification.kind,
    });
    return notification;
  }
}
