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

/** `notifications-i18n`: the recipients' locales and admins' edits of the messages notifications renders. */
export const i18nConsumer = ({
  locales,
}: NotificationsServices): EventConsumer<NotificationsTx, 'PROFILE_UPDATED' | 'MESSAGE_UPDATED'> => ({
  name: 'notifications-i18n',
  events: ['PROFILE_UPDATED', 'MESSAGE_UPDATED'],
  async handle(event, { tx }) {
    switch (event.name) {
      case 'PROFILE_UPDATED':
        return locales.recordProfile(tx, event.payload);
      case 'MESSAGE_UPDATED':
        return locales.recordMessage(tx, event.payload);
    }
  },
});
