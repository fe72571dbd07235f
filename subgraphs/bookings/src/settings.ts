/** The bookings subgraph's own settings, validated when it starts. */
import { z } from 'zod';
import { url } from '#platform/env.ts';

export const settings = z.object({
  // Where meeting rooms live: each booking gets <base>/doctorpy-<128 random bits> (Jitsi Meet by default).
  BOOKING_MEETING_BASE_URL: url(['https:', 'http:']).default('https://meet.jit.si'),
  // How long before the start a learner may still cancel (instructors and admins: until the end).
  BOOKING_CANCEL_NOTICE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(120),
});

export type BookingsSettings = z.infer<typeof settings>;
