import { resolve } from 'node:path';
import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { MessagingDb } from '../db.ts';
import type { MessagingSettings } from '../settings.ts';
import { BookingNotices } from './bookings.ts';
import { Conversations } from './conversations.ts';
import { CourseFacts } from './courses.ts';
import { Directory } from './directory.ts';
import { Mailer } from './mailer.ts';
import { MessageNotices } from './message-notices.ts';
import { Messages } from './messages.ts';
import { EmailOutbox } from './outbox.ts';
import { Scheduler } from './scheduler.ts';
import { EmailSender } from './sender.ts';
import { fileTransport, smtpTransport } from './transport.ts';
import { UnsubscribeLinks } from './unsubscribe.ts';
import { WebinarNotices } from './webinars.ts';

export const createMessagingServices = ({
  db,
  sql,
  env,
  events,
  logger,
  settings,
}: SubgraphDeps<MessagingDb, MessagingSettings>) => {
  const directory = new Directory();
  const courses = new CourseFacts(db);
  const scheduler = new Scheduler(db, sql.schema, logger.child({ component: 'scheduler' }), settings.MESSAGING_SCHEDULER_POLL_MS);
  const links = new UnsubscribeLinks(db, events, directory, settings.PUBLIC_URL, settings.EMAIL_UNSUBSCRIBE_SECRET);
  const mailer = new Mailer(directory, links, settings.PUBLIC_URL, logger.child({ component: 'mailer' }));
  const conversations = new Conversations(db, courses, directory);
  const offsets = settings.MESSAGING_REMINDER_OFFSETS_MINUTES;
  const bookings = new BookingNotices(mailer, directory, scheduler, offsets);
  const webinars = new WebinarNotices(mailer, scheduler, offsets);
  const notices = new MessageNotices(mailer, directory);
  scheduler.handle({
    BOOKING_REMINDER: (tx, job) => bookings.remind(tx, job),
    WEBINAR_REMINDER: (tx, job) => webinars.remind(tx, job),
    UNREAD_MESSAGES: (tx, job) => notices.unread(tx, job),
  });
  const transport = settings.SMTP_URL ? smtpTransport(settings.SMTP_URL) : fileTransport(resolve(env.DATA_DIR, 'mail'));
  return {
    directory,
    courses,
    conversations,
    messages: new Messages(db, events, conversations, courses, scheduler, {
      editWindowMinutes: settings.MESSAGING_EDIT_WINDOW_MINUTES,
      unreadEmailDelaySeconds: settings.MESSAGING_UNREAD_EMAIL_DELAY_SECONDS,
    }),
    links,
    bookings,
    webinars,
    notices,
    scheduler,
    sender: new EmailSender(
      db,
      sql.schema,
      transport,
      {
        from: settings.EMAIL_FROM,
        pollMs: settings.MESSAGING_EMAIL_POLL_MS,
        maxAttempts: settings.MESSAGING_EMAIL_MAX_ATTEMPTS,
        retryBaseMs: settings.MESSAGING_EMAIL_RETRY_BASE_MS,
      },
      logger.child({ component: 'email-sender' }),
    ),
    outbox: new EmailOutbox(db),
  };
};

export type MessagingServices = ReturnType<typeof createMessagingServices>;
