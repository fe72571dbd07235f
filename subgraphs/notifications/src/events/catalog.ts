/** The events notifications owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

export default defineEvents({
  NOTIFICATION_CREATED: {
    description: 'An in-app notification was created for a user.',
    payload: z.object({ notificationId: entityId(), userId: entityId(), kind: z.string() }),
  },
});
