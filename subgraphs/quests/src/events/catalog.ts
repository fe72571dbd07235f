/** The events quests owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

const id = entityId();

export default defineEvents({
  QUEST_STARTED: {
    description: 'A learner started a quest.',
    payload: z.object({ progressId: id, userId: id, questId: id, questSlug: z.string() }),
  },
  QUEST_COMPLETED: {
    description: 'A learner answered every step of a quest; xpAwarded is 0 after the first completion.',
    payload: z.object({
      progressId: id,
      userId: id,
      questId: id,
      questSlug: z.string(),
      questTitle: z.string(),
      score: z.number().int().min(0).max(100),
      xpAwarded: z.number().int().min(0),
      firstCompletion: z.boolean(),
      courseId: id.nullable(),
    }),
  },
});
