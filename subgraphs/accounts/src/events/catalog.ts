/** The events accounts owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';
import { Role } from '../generated/prisma/enums.ts';

export default defineEvents({
  USER_REGISTERED: {
    description: 'An account was created.',
    payload: z.object({
      userId: entityId(),
      displayName: z.string(),
      // The roles are accounts' own (its Prisma enum Role).
      role: z.enum(Role),
      // Optional, so no new version: consumers that do not mail ignore it, and events published
      // before it was added simply have none.
      email: z
        .email()
        .optional()
        .describe('Lower-case. The address messaging sends the user emails to (welcome, bookings, ...).'),
    }),
  },
  USER_AUTHENTICATED: {
    description: 'A user signed in with their password.',
    payload: z.object({ userId: entityId(), sessionId: entityId() }),
  },
});
