/** The events quizzes owns and publishes; `npm run compose` publishes them in schema/events.*. */
import { z } from 'zod';
import { defineEvents, entityId } from '#platform/events/define.ts';

const id = entityId();
const score = z.number().int().min(0).max(100);
const attemptNumber = z.number().int().min(1).describe("1 for the learner's first attempt at this quiz.");

export default defineEvents({
  QUIZ_PUBLISHED: {
    description: 'A quiz was published (once); `required` quizzes gate the completion of their course.',
    payload: z.object({ quizId: id, courseId: id, lessonId: id.nullable(), title: z.string(), required: z.boolean() }),
  },
  QUIZ_STARTED: {
    description:
      'A learner started an attempt at a quiz (in progress until its QUIZ_SUBMITTED): the assistant guards questions about it.',
    payload: z.object({
      attemptId: id,
      userId: id,
      quizId: id,
      courseId: id,
      lessonId: id.nullable(),
      attemptNumber,
      deadline: z.iso.datetime().nullable(),
    }),
  },
  QUIZ_SUBMITTED: {
    description: 'An attempt was graded: submitted by its learner, or expired at its deadline.',
    payload: z.object({
      attemptId: id,
      userId: id,
      quizId: id,
      courseId: id,
      score,
      passed: z.boolean(),
      expired: z.boolean().describe('Graded by the deadline, not submitted by the learner.'),
      attemptNumber,
    }),
  },
  QUIZ_PASSED: {
    description: 'A learner passed a quiz for the first time.',
    payload: z.object({
      attemptId: id,
      userId: id,
      quizId: id,
      courseId: id,
      quizTitle: z.string(),
      score,
      attemptNumber,
      required: z.boolean(),
    }),
  },
});
