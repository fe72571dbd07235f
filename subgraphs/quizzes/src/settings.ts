/** The quizzes subgraph's own settings, validated when it starts. */
import { z } from 'zod';
import { positiveInt } from '#platform/env.ts';

export const settings = z.object({
  // How often attempts past their deadline are looked for and graded as EXPIRED (also at start).
  QUIZ_EXPIRY_SWEEP_MS: positiveInt.min(50).max(3_600_000).default(2_000),
});

export type QuizzesSettings = z.infer<typeof settings>;
