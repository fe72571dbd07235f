/** What every webinar event carries about its webinar (the catalog's shared fields). */
import type { Webinar } from '../generated/prisma/client.ts';

export const webinarFacts = (webinar: Webinar) => ({
  webinarId: webinar.id,
  hostId: webinar.hostId,
  courseId: webinar.courseId,
  title: webinar.title,
  startsAt: webinar.startsAt.toISOString(),
  durationMinutes: webinar.durationMinutes,
});
