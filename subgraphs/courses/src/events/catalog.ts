/** The events courses owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

const id = entityId();
const percent = z.number().int().min(0).max(100);

export default defineEvents({
  COURSE_PUBLISHED: {
    description: 'A course became public (first publication only).',
    payload: z.object({ courseId: id, instructorId: id, title: z.string(), slug: z.string() }),
  },
  ENROLLMENT_CREATED: {
    description: 'A learner enrolled in a course.',
    payload: z.object({ enrollmentId: id, userId: id, courseId: id }),
  },
  LESSON_COMPLETED: {
    description: 'A learner completed a lesson for the first time.',
    payload: z.object({ enrollmentId: id, userId: id, courseId: id, lessonId: id, progressPercent: percent }),
  },
  COURSE_COMPLETED: {
    description: 'A learner completed every lesson of a course.',
    payload: z.object({ enrollmentId: id, userId: id, courseId: id, courseTitle: z.string() }),
  },
});
