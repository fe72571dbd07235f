/** The events i18n owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

export default defineEvents({
  MESSAGE_UPDATED: {
    description: 'An admin set the text of an interface string in a locale (it wins over the built-in text).',
    payload: z.object({
      locale: z.string(),
      namespace: z.string(),
      key: z.string(),
      value: z.string(),
      updatedAt: z.iso.datetime(),
    }),
  },
  COURSE_TRANSLATED: {
    description: "A course's title and description were written (or rewritten) in a locale.",
    payload: z.object({
      courseId: entityId(),
      locale: z.string(),
      title: z.string(),
      description: z.string(),
      updatedAt: z.iso.datetime(),
    }),
  },
  LESSON_TRANSLATED: {
    description: "A lesson's title and markdown content were written (or rewritten) in a locale.",
    payload: z.object({
      lessonId: entityId(),
      courseId: entityId(),
      locale: z.string(),
      title: z.string(),
      content: z.string(),
      updatedAt: z.iso.datetime(),
    }),
  },
});
