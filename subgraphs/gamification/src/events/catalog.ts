/** The events gamification owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';
import { XpReason } from '../generated/prisma/enums.ts';

const id = entityId();
const totalXp = z.number().int().min(0);

export default defineEvents({
  XP_AWARDED: {
    description: 'XP was added to a learner (one ledger entry).',
    payload: z.object({
      userId: id,
      amount: z.number().int().positive(),
      totalXp,
      reason: z.enum(XpReason),
      sourceEventId: id,
      courseId: id.nullable(),
    }),
  },
  LEVEL_REACHED: {
    description: 'A learner reached a new level.',
    payload: z.object({ userId: id, level: z.number().int().min(2), totalXp }),
  },
  ACHIEVEMENT_UNLOCKED: {
    description: 'A learner earned a badge.',
    payload: z.object({ userId: id, badgeId: id, badgeSlug: z.string(), badgeName: z.string(), badgeDescription: z.string() }),
  },
});
