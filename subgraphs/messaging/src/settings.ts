/**
 * The messaging subgraph's own settings, validated when it starts. Without SMTP_URL emails are
 * written as .eml files under DATA_DIR/mail; `compose` (zod metadata) is what docker-compose.yml
 * passes to the messaging container from the host's .env.
 */
import { z } from 'zod';
import { optional, positiveInt, url } from '#platform/env.ts';

/** "1440,60" → [1440, 60]: minutes before a booking or webinar starts, one reminder each. */
const minutesList = z
  .string()
  .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'comma-separated whole minutes, e.g. 1440,60')
  .transform((text) => [...new Set(text.split(',').map((part) => Number(part.trim())))].sort((a, b) => b - a))
  .refine((minutes) => minutes.every((value) => value >= 1 && value <= 43_200), 'each between 1 and 43200 minutes');

export const settings = z.object({
  // smtp://user:pass@host:587 or smtps://...:465; unset: .eml files under DATA_DIR/mail (embedded).
  SMTP_URL: optional(url(['smtp:', 'smtps:'])).meta({ compose: '${SMTP_URL:-}' }),
  // The From header of every email.
  EMAIL_FROM: z.string().min(3).default('DoctorPy <no-reply@doctorpy.dev>'),
  // Key of the unsubscribe links (HMAC-SHA256); unset: a key made once and kept in messaging's database.
  EMAIL_UNSUBSCRIBE_SECRET: optional(z.string().min(32, 'at least 32 characters (e.g. openssl rand -hex 32)')).meta({
    compose: '${EMAIL_UNSUBSCRIBE_SECRET:-}',
  }),
  // Where learners reach the platform: the unsubscribe links of emails point there.
  PUBLIC_URL: url(['http:', 'https:']).default('http://localhost:4000').meta({ compose: '${PUBLIC_URL:-http://localhost:4000}' }),
  // How often the sender looks for emails to send, and how often it tries one before giving up.
  MESSAGING_EMAIL_POLL_MS: positiveInt.min(20).max(600_000).default(1_000),
  MESSAGING_EMAIL_MAX_ATTEMPTS: positiveInt.max(50).default(8),
  // The first retry waits this long; each next one 4 times longer (capped at 6 hours).
  MESSAGING_EMAIL_RETRY_BASE_MS: positiveInt.default(30_000),
  // How often due reminders and delayed emails are looked for (also at start).
  MESSAGING_SCHEDULER_POLL_MS: positiveInt.min(20).max(600_000).default(5_000),
  // Reminders before bookings and webinars start.
  MESSAGING_REMINDER_OFFSETS_MINUTES: minutesList.default([1_440, 60]),
  // A direct message still unread after this long is emailed (one email per unread streak).
  MESSAGING_UNREAD_EMAIL_DELAY_SECONDS: positiveInt.max(604_800).default(900),
  // How long after sending its author may edit a message.
  MESSAGING_EDIT_WINDOW_MINUTES: positiveInt.max(525_600).default(1_440),
});

export type MessagingSettings = z.infer<typeof settings>;
