/** The events sponsors owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

const id = entityId();

export default defineEvents({
  SEAT_REDEEMED: {
    description: 'A learner redeemed a sponsored seat in a course: courses enrolls them for free (ACCESS_GRANTED, source SEAT).',
    payload: z.object({ redemptionId: id, sponsorshipId: id, sponsorId: id, userId: id, courseId: id }),
  },
});
