/** The English emails. */
import type { EmailCategory } from '../generated/prisma/enums.ts';
import type { FooterWords, Template } from './content.ts';

const ahead = (minutes: number) =>
  minutes % 1_440 === 0
    ? `${minutes / 1_440} day${minutes === 1_440 ? '' : 's'}`
    : minutes % 60 === 0
      ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}`
      : `${minutes} minute${minutes === 1 ? '' : 's'}`;

const CATEGORY_NAMES: Record<EmailCategory, string> = {
  ACCOUNT: 'account',
  ANNOUNCEMENTS: 'course announcement',
  BOOKINGS: 'booking',
  MESSAGES: 'message',
  WEBINARS: 'webinar',
};

export const footer: FooterWords = {
  unsubscribe: (category) => `You receive ${CATEGORY_NAMES[category]} emails from DoctorPy. To stop them, unsubscribe:`,
  transactional: 'You receive this email because you have a DoctorPy account.',
};

export const template: Template = (content, { recipientName, when, appUrl }) => {
  const greeting = `Hello ${recipientName},`;
  switch (content.kind) {
    case 'WELCOME':
      return {
        subject: 'Welcome to DoctorPy',
        greeting,
        paragraphs: ['Your account is ready. Courses, quests and live sessions are waiting for you: happy coding!'],
        action: { label: 'Start learning', url: appUrl },
      };
    case 'BOOKING_CONFIRMED':
      return {
        subject: `Booking confirmed: ${when(content.startsAt)}`,
        greeting,
        paragraphs: [
          content.asInstructor
            ? `${content.otherName} booked a session with you on ${when(content.startsAt)} (until ${when(content.endsAt)}).`
            : `Your session with ${content.otherName} is booked for ${when(content.startsAt)} (until ${when(content.endsAt)}).`,
          ...(content.topic ? [`Topic: ${content.topic}`] : []),
        ],
        action: { label: 'Join the meeting', url: content.meetingUrl },
      };
    case 'BOOKING_CANCELLED':
      return {
        subject: `Booking cancelled: ${when(content.startsAt)}`,
        greeting,
        paragraphs: [
          content.byRecipient
            ? `You cancelled your session with ${content.otherName} planned for ${when(content.startsAt)}.`
            : `Your session with ${content.otherName} planned for ${when(content.startsAt)} was cancelled.`,
          ...(content.reason ? [`Reason: ${content.reason}`] : []),
        ],
      };
    case 'BOOKING_REMINDER':
      return {
        subject: `Reminder: your session with ${content.otherName} starts in ${ahead(content.offsetMinutes)}`,
        greeting,
        paragraphs: [
          `Your session with ${content.otherName} starts on ${when(content.startsAt)}.`,
          ...(content.topic ? [`Topic: ${content.topic}`] : []),
        ],
        action: { label: 'Join the meeting', url: content.meetingUrl },
      };
    case 'WEBINAR_REMINDER':
      return {
        subject: `Reminder: "${content.title}" starts in ${ahead(content.offsetMinutes)}`,
        greeting,
        paragraphs: [
          `The webinar "${content.title}" you registered for starts on ${when(content.startsAt)}.`,
          'The join link opens 15 minutes before the start.',
        ],
        action: { label: 'Open DoctorPy', url: appUrl },
      };
    case 'WEBINAR_CANCELLED':
      return {
        subject: `Webinar cancelled: "${content.title}"`,
        greeting,
        paragraphs: [`The webinar "${content.title}" planned for ${when(content.startsAt)} was cancelled. We are sorry.`],
      };
    case 'ANNOUNCEMENT':
      return {
        subject: `[${content.courseTitle}] ${content.title}`,
        greeting,
        paragraphs: [`${content.authorName} posted an announcement in ${content.courseTitle}:`, content.body],
        action: { label: 'Read it on DoctorPy', url: appUrl },
      };
    case 'UNREAD_MESSAGES':
      return {
        subject:
          content.unreadCount === 1
            ? `${content.fromName} sent you a message`
            : `${content.unreadCount} unread messages from ${content.fromName}`,
        greeting,
        paragraphs: [
          content.unreadCount === 1
            ? `${content.fromName} wrote to you:`
            : `You have ${content.unreadCount} unread messages from ${content.fromName}. The latest:`,
          content.excerpt,
        ],
        action: { label: 'Reply on DoctorPy', url: appUrl },
      };
  }
};
