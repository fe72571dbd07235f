/**
 * What messaging listens to. Each consumer's effects (copies, emails in the outbox, scheduled
 * reminders) commit with its inbox row: a redelivered event has no second effect, and emails carry
 * a dedupe key of their cause besides.
 */
import type { EventName } from '#platform/events/catalog.ts';
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { MessagingTx } from '../db.ts';
import type { MessagingServices } from '../services/index.ts';

/** A durable consumer of `events`, its handler typed by them. */
const consumerOf = <N extends EventName>(
  name: string,
  events: readonly N[],
  handle: EventConsumer<MessagingTx, N>['handle'],
): EventConsumer<MessagingTx, N> => ({ name, events, handle });

/** Users: addresses and names (accounts), locales (profiles), email preferences (notifications); the welcome email. */
export const directoryConsumer = ({ directory, notices }: MessagingServices) =>
  consumerOf(
    'messaging-directory',
    ['USER_REGISTERED', 'PROFILE_UPDATED', 'EMAIL_PREFERENCE_CHANGED'] as const,
    async (event, { tx }) => {
      switch (event.name) {
        case 'USER_REGISTERED':
          await directory.registered(tx, event.payload);
          return notices.welcome(tx, event.payload);
        case 'PROFILE_UPDATED':
          return directory.profileUpdated(tx, event.payload);
        case 'EMAIL_PREFERENCE_CHANGED': {
          const { userId, category, enabled, changedAt } = event.payload;
          await directory.preferenceChanged(tx, { userId, category, enabled, changedAt: new Date(changedAt) });
          return;
        }
      }
    },
  );

/** Courses' owners and enrollments: who may talk to whom, who reads each course's announcements. */
export const coursesConsumer = ({ courses }: MessagingServices) =>
  consumerOf(
    'messaging-courses',
    ['COURSE_CREATED', 'COURSE_UPDATED', 'ENROLLMENT_CREATED', 'ENROLLMENT_ENDED'] as const,
    async (event, { tx }) => {
      switch (event.name) {
        case 'COURSE_CREATED':
          return courses.courseCreated(tx, event.payload);
        case 'COURSE_UPDATED':
          return courses.courseUpdated(tx, event.payload);
        case 'ENROLLMENT_CREATED':
          return courses.enrollment(tx, event.payload, true, new Date(event.occurredAt));
        case 'ENROLLMENT_ENDED':
          return courses.enrollment(tx, event.payload, false, new Date(event.occurredAt));
      }
    },
  );

/** Booking confirmations, cancellations and reminders. */
export const bookingsConsumer = ({ bookings }: MessagingServices) =>
  consumerOf('messaging-bookings', ['BOOKING_CONFIRMED', 'BOOKING_CANCELLED'] as const, async (event, { tx }) => {
    switch (event.name) {
      case 'BOOKING_CONFIRMED':
        return bookings.confirmed(tx, event.payload);
      case 'BOOKING_CANCELLED':
        return bookings.cancelled(tx, event.payload);
    }
  });

/** Webinars, their registered learners, reminders and cancellations. */
export const webinarsConsumer = ({ webinars }: MessagingServices) =>
  consumerOf(
    'messaging-webinars',
    ['WEBINAR_SCHEDULED', 'WEBINAR_STATUS_CHANGED', 'WEBINAR_REGISTERED', 'WEBINAR_REGISTRATION_CANCELLED'] as const,
    async (event, { tx }) => {
      const at = new Date(event.occurredAt);
      switch (event.name) {
        case 'WEBINAR_SCHEDULED':
          return webinars.webinar(tx, event.payload);
        case 'WEBINAR_STATUS_CHANGED':
          return webinars.statusChanged(tx, event.payload);
        case 'WEBINAR_REGISTERED':
          return webinars.registration(tx, event.payload, event.payload.status, at);
        case 'WEBINAR_REGISTRATION_CANCELLED':
          return webinars.registration(tx, event.payload, 'CANCELLED', at);
      }
    },
  );

/** Its own announcements, emailed to each learner after the announce mutation has answered. */
export const announcementsConsumer = ({ notices }: MessagingServices) =>
  consumerOf('messaging-announcements', ['ANNOUNCEMENT_POSTED'] as const, (event, { tx }) =>
    notices.announcement(tx, event.payload),
  );

export const messagingConsumers = (services: MessagingServices) => [
  directoryConsumer(services),
  coursesConsumer(services),
  bookingsConsumer(services),
  webinarsConsumer(services),
  announcementsConsumer(services),
];
