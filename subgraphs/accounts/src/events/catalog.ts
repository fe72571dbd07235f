/** The events accounts owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';
import { Role } from '../generated/prisma/enums.ts';

export default defineEvents({
  USER_REGISTERED: {
    description: 'An account was created.',
    // The roles are accounts' own (its Prisma enum Role).
    payload: z.object({ userId: entityId(), displayName: z.string(), role: z.enum(Role) }),
  },
  USER_AUTHENTICATED: {
    description: 'A user signed in with their password.',
    payload: z.object({ userId: entityId(), sessionId: entityId() }),
  },
});
