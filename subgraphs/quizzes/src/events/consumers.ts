/**
 * What quizzes listens to: courses' facts it authorizes with (see services/replica.ts). The
 * platform runs the consumer with its delivery guarantees; the handler only writes the replica.
 */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { QuizzesTx } from '../db.ts';
import type { QuizzesServices } from '../services/index.ts';

const COURSE_FACTS = ['COURSE_CREATED', 'LESSON_ADDED', 'ENROLLMENT_CREATED', 'ENROLLMENT_ENDED'] as const;

export const coursesConsumer = ({ replicas }: QuizzesServices): EventConsumer<QuizzesTx, (typeof COURSE_FACTS)[number]> => ({
  name: 'quizzes-courses',
  events: COURSE_FACTS,
  async handle(event, { tx }) {
    switch (event.name) {
      case 'COURSE_CREATED':
        return replicas.courseCreated(tx, event.payload);
      case 'LESSON_ADDED':
        return replicas.lessonAdded(tx, event.payload);
      case 'ENROLLMENT_CREATED':
        return replicas.enrollment(tx, event.payload, true, new Date(event.occurredAt));
      case 'ENROLLMENT_ENDED':
        return replicas.enrollment(tx, event.payload, false, new Date(event.occurredAt));
    }
  },
});

export const quizzesConsumers = (services: QuizzesServices) => [coursesConsumer(services)];
