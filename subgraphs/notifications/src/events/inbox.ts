/**
 * `notifications-inbox`: turns the events a learner should hear about into notifications. The
 * inbox row is written in the same statement, so a redelivered event notifies once.
 */
import type { EventConsumer, StatementConsumer } from '#platform/events/consumer.ts';
import type { NotificationsTx } from '../db.ts';
import { NOTIFYING_EVENTS, type NotifyingEvent } from '../services/messages.ts';
import type { NotificationsServices } from '../services/index.ts';

export const inboxConsumer = ({
  delivery,
}: NotificationsServices): StatementConsumer<NotificationsTx, NotifyingEvent['name']> => ({
  name: 'notifications-inbox',
  events: NOTIFYING_EVENTS,
  // Pushed to the learner at once (notificationAdded).
  urgency: 'effect',
  handleInOneStatement: (event, tools) => delivery.deliver(event, tools),
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

/** `notifications-announcements`: a copy of enrollments, and one notification per enrolled learner of each announcement. */
export const announcementsConsumer = ({
  announcements,
}: NotificationsServices): EventConsumer<NotificationsTx, 'ENROLLMENT_CREATED' | 'ENROLLMENT_ENDED' | 'ANNOUNCEMENT_POSTED'> => ({
  name: 'notifications-announcements',
  events: ['ENROLLMENT_CREATED', 'ENROLLMENT_ENDED', 'ANNOUNCEMENT_POSTED'],
  async handle(event, { tx }) {
    switch (event.name) {
      case 'ENROLLMENT_CREATED':
        return announcements.enrollment(tx, event.payload, true, new Date(event.occurredAt));
      case 'ENROLLMENT_ENDED':
        return announcements.enrollment(tx, event.payload, false, new Date(event.occurredAt));
      case 'ANNOUNCEMENT_POSTED':
        await announcements.posted(tx, event.id, event.payload);
        return;
    }
  },
});

/** `notifications-email`: an email's unsubscribe link, followed (messaging serves it; the preference lives here). */
export const emailConsumer = ({
  emailPreferences,
}: NotificationsServices): EventConsumer<NotificationsTx, 'EMAIL_UNSUBSCRIBED'> => ({
  name: 'notifications-email',
  events: ['EMAIL_UNSUBSCRIBED'],
  async handle(event, { tx }) {
    await emailPreferences.unsubscribed(tx, event.payload);
  },
});
