/** The events webinars owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

const id = entityId();
const webinar = {
  webinarId: id,
  hostId: id,
  courseId: id.nullable(),
  title: z.string(),
  startsAt: z.iso.datetime(),
  durationMinutes: z.number().int().min(1),
};

export default defineEvents({
  WEBINAR_SCHEDULED: {
    description: 'An instructor or admin scheduled a webinar.',
    payload: z.object(webinar),
  },
  WEBINAR_STATUS_CHANGED: {
    description: 'A webinar went live, ended (with its recording, if any) or was cancelled.',
    payload: z.object({
      ...webinar,
      status: z.enum(['LIVE', 'ENDED', 'CANCELLED']),
      recordingUrl: z.string().nullable(),
    }),
  },
  WEBINAR_REGISTERED: {
    description:
      'A learner registered for a webinar (REGISTERED, or WAITLISTED when it is full), or was promoted from the waiting list (REGISTERED, promoted).',
    payload: z.object({
      ...webinar,
      registrationId: id,
      userId: id,
      status: z.enum(['REGISTERED', 'WAITLISTED']),
      promoted: z.boolean(),
    }),
  },
  WEBINAR_REGISTRATION_CANCELLED: {
    description: 'A learner cancelled a webinar registration (registered or waitlisted).',
    payload: z.object({ ...webinar, registrationId: id, userId: id }),
  },
  WEBINAR_ATTENDED: {
    description: 'A registered learner joined a webinar (once per learner and webinar).',
    payload: z.object({ ...webinar, userId: id }),
  },
});
