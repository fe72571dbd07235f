/** The events profiles owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

export default defineEvents({
  PROFILE_UPDATED: {
    description: "A user's locale or timezone may have changed.",
    payload: z.object({ userId: entityId(), locale: z.string(), timezone: z.string() }),
  },
});
