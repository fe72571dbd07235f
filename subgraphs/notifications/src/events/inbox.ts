/**
 * `notifications-inbox`: turns the events a learner should hear about into notifications. The
 * platform writes the inbox row in the same transaction, so a redelivered event notifies once.
 */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { NotificationsTx } from '../db.ts';
import { NOTIFYING_EVENTS, type NotifyingEvent } from '../services/messages.ts';
import type { NotificationsServices } from '../services/index.ts';

export const inboxConsumer = ({ delivery }: NotificationsServices): EventConsumer<NotificationsTx, NotifyingEvent['name']> => ({
  name: 'notifications-inbox',
  events: NOTIFYING_EVENTS,
  async handle(event, { tx, log }) {
    await delivery.deliver(tx, event, log);
  },
});
