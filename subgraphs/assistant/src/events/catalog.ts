/** The events assistant owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

const id = entityId();

export default defineEvents({
  RAG_QUERY_PROCESSED: {
    description: 'The assistant answered a question: how (type, provider, cache, guard) and how fast. Never the question itself.',
    payload: z.object({
      answerId: id,
      userId: id,
      conversationId: id,
      queryType: z.enum(['CODE_HELP', 'CONCEPT', 'DEBUGGING', 'EXERCISE_HINT', 'GENERAL']),
      provider: z.string(),
      model: z.string(),
      cached: z.boolean(),
      fallback: z.boolean().describe('The configured model failed and the extractive provider answered.'),
      guarded: z.boolean().describe('The pedagogy guard shaped the answer.'),
      latencyMs: z.number().int().min(0),
      citationCount: z.number().int().min(0),
      courseId: id.nullable(),
    }),
  },
});
