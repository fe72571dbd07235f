/**
 * What courses listens to: quizzes' publications and first passes, which gate the completion of
 * enrollments (services/quiz-gates.ts). The platform runs it with its delivery guarantees.
 */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { CoursesServices } from '../services/index.ts';

const QUIZ_FACTS = ['QUIZ_PUBLISHED', 'QUIZ_PASSED'] as const;

export const quizzesConsumer = ({
  quizGates,
}: CoursesServices): EventConsumer<Prisma.TransactionClient, (typeof QUIZ_FACTS)[number]> => ({
  name: 'courses-quizzes',
  events: QUIZ_FACTS,
  async handle(event, { tx }) {
    const at = new Date(event.occurredAt);
    if (event.name === 'QUIZ_PUBLISHED') return quizGates.quizPublished(tx, event.payload, at);
    return quizGates.quizPassed(tx, event.payload, at);
  },
});
