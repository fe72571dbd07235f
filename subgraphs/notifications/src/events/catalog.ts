/** The events notifications owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

export default defineEvents({
  NOTIFICATION_CREATED: {
    description: 'An in-app notification was created for a user.',
    payload: z.object({ notificationId: entityId(), userId: entityId(), kind: z.string() }),
  },
  EMAIL_PREFERENCE_CHANGED: {
    description:
      "A user's email preference for a category changed (in settings, or through an email's unsubscribe link): messaging, which sends the emails, keeps a copy.",
    payload: z.object({
      userId: entityId(),
      category: z.enum(['ANNOUNCEMENTS', 'BOOKINGS', 'MESSAGES', 'WEBINARS']),
      enabled: z.boolean(),
      changedAt: z.iso.datetime().describe('A copy applies a change only when newer than the one it holds.'),
    }),
  },
});
