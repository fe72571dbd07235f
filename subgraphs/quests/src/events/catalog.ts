/** The events quests owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

const id = entityId();

export default defineEvents({
  QUEST_CREATED: {
    description:
      'A quest was created (playable at once): its public text for indexes. Steps carry prompts, choices and hints, never the accepted answers.',
    payload: z.object({
      questId: id,
      slug: z.string(),
      title: z.string(),
      description: z.string().describe('Markdown.'),
      category: z.string(),
      difficulty: z.enum(['BEGINNER', 'INTERMEDIATE', 'ADVANCED']),
      courseId: id.nullable(),
      authorId: id,
      steps: z.array(
        z.object({
          stepId: id,
          position: z.number().int().min(1),
          kind: z.enum(['MULTIPLE_CHOICE', 'CODE', 'TEXT', 'NUMERIC']),
          prompt: z.string().describe('Markdown.'),
          choices: z.array(z.string()).describe('MULTIPLE_CHOICE only, labelled A, B, ... in this order; empty otherwise.'),
          hint: z.string().nullable(),
        }),
      ),
    }),
  },
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
