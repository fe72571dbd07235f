/** What each email says, as data: the templates (en.ts, fr.ts) turn it into words. */
import type { EmailCategory } from '../generated/prisma/enums.ts';

export type EmailContent =
  | { kind: 'WELCOME' }
  | {
      kind: 'BOOKING_CONFIRMED';
      /** The recipient is the instructor (else the learner). */
      asInstructor: boolean;
      otherName: string;
      startsAt: Date;
      endsAt: Date;
      topic: string | null;
      meetingUrl: string;
    }
  | {
      kind: 'BOOKING_CANCELLED';
      otherName: string;
      startsAt: Date;
      /** The recipient cancelled it themself. */
      byRecipient: boolean;
      reason: string | null;
    }
  | {
      kind: 'BOOKING_REMINDER';
      otherName: string;
      startsAt: Date;
      offsetMinutes: number;
      topic: string | null;
      meetingUrl: string;
    }
  | { kind: 'WEBINAR_REMINDER'; title: string; startsAt: Date; offsetMinutes: number }
  | { kind: 'WEBINAR_CANCELLED'; title: string; startsAt: Date }
  | { kind: 'ANNOUNCEMENT'; courseTitle: string; title: string; body: string; authorName: string }
  | { kind: 'UNREAD_MESSAGES'; fromName: string; unreadCount: number; excerpt: string };

export type EmailKind = EmailContent['kind'];

export const CATEGORY_OF: Record<EmailKind, EmailCategory> = {
  WELCOME: 'ACCOUNT',
  BOOKING_CONFIRMED: 'BOOKINGS',
  BOOKING_CANCELLED: 'BOOKINGS',
  BOOKING_REMINDER: 'BOOKINGS',
  WEBINAR_REMINDER: 'WEBINARS',
  WEBINAR_CANCELLED: 'WEBINARS',
  ANNOUNCEMENT: 'ANNOUNCEMENTS',
  UNREAD_MESSAGES: 'MESSAGES',
};

/** What a template writes: the subject, paragraphs of plain text, and at most one link to follow. */
export interface Draft {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
}

/** What a template knows of the recipient and of the platform. */
export interface TemplateContext {
  recipientName: string;
  /** A date-time in the recipient's language and timezone. */
  when: (instant: Date) => string;
  /** The platform's public address (links). */
  appUrl: string;
}

export type Template = (content: EmailContent, context: TemplateContext) => Draft;

/** The words of the footer, in the template's language. */
export interface FooterWords {
  /** Why the recipient gets it and how to stop, with the link after it. */
  unsubscribe: (category: EmailCategory) => string;
  /** Account emails cannot be turned off. */
  transactional: string;
}
