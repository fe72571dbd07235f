/** The webinars subgraph's own settings, validated when it starts. */
import { z } from 'zod';
import { roomBaseProblem } from './rules/room.ts';

export const settings = z.object({
  // The video server rooms live on (Jitsi Meet, or a BigBlueButton front end taking /<room> paths).
  WEBINAR_ROOM_BASE_URL: z
    .string()
    .default('https://meet.jit.si')
    .superRefine((value, context) => {
      const problem = roomBaseProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
});

export type WebinarsSettings = z.infer<typeof settings>;
