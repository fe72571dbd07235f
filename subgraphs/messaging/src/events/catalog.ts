/** The events messaging owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

const id = entityId();
/** The email categories a user can turn off (ACCOUNT emails cannot be). */
export const UNSUBSCRIBABLE = ['ANNOUNCEMENTS', 'BOOKINGS', 'MESSAGES', 'WEBINARS'] as const;

export default defineEvents({
  MESSAGE_SENT: {
    // No body: every event reaches analytics' store, and a private message has no place there.
    description: 'A message was added to a conversation (direct or announcements); `messageAdded` follows it.',
    payload: z.object({
      messageId: id,
      conversationId: id,
      authorId: id,
      kind: z.enum(['DIRECT', 'COURSE_ANNOUNCEMENTS']),
      seq: z.number().int().min(1),
    }),
  },
  ANNOUNCEMENT_POSTED: {
    description:
      "A course's owner posted an announcement to its enrolled learners: notifications notifies each of them from its own copy of enrollments.",
    payload: z.object({
      messageId: id,
      conversationId: id,
      courseId: id,
      courseTitle: z.string(),
      authorId: id,
      title: z.string(),
      excerpt: z.string().describe('The start of the body (at most 280 characters).'),
    }),
  },
  EMAIL_UNSUBSCRIBED: {
    description:
      "A user followed an email's unsubscribe link: notifications, which owns preferences, turns that category's email off.",
    payload: z.object({ userId: id, category: z.enum(UNSUBSCRIBABLE), requestedAt: z.iso.datetime() }),
  },
});
