/** The events accounts owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';
import { Role } from '../generated/prisma/enums.ts';

const registeredV1 = z.object({ userId: entityId(), displayName: z.string(), role: z.enum(Role) });

export default defineEvents({
  USER_REGISTERED: {
    description: 'An account was created.',
    versions: {
      // The roles are accounts' own (its Prisma enum Role).
      1: { payload: registeredV1 },
      // v2 gives messaging the address it sends the user's emails to (welcome, bookings, ...).
      // Optional: an event published as v1 has none, and consumers that do not mail ignore it.
      2: {
        payload: registeredV1.extend({
          email: z.email().optional().describe('Lower-case; absent when the event was published as v1.'),
        }),
        upgrade: {},
      },
    },
  },
  USER_AUTHENTICATED: {
    description: 'A user signed in with their password.',
    payload: z.object({ userId: entityId(), sessionId: entityId() }),
  },
});
