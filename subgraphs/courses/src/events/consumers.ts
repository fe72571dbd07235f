/**
 * What courses listens to: prices and paid or refunded orders (payments), redeemed seats
 * (sponsors), quizzes published and passed (quizzes.ts), its own completions and users' names
 * (certificates.ts).
 */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { CoursesServices } from '../services/index.ts';
import { certificatesConsumer, userNamesConsumer } from './certificates.ts';
import { quizzesConsumer } from './quizzes.ts';

type Tx = Prisma.TransactionClient;

export const paymentsConsumer = ({
  courseAccess,
}: CoursesServices): EventConsumer<Tx, 'COURSE_PRICE_SET' | 'PAYMENT_SUCCEEDED' | 'ORDER_REFUNDED'> => ({
  name: 'courses-payments',
  events: ['COURSE_PRICE_SET', 'PAYMENT_SUCCEEDED', 'ORDER_REFUNDED'],
  async handle(event, { tx }) {
    switch (event.name) {
      case 'COURSE_PRICE_SET':
        return courseAccess.recordPrice(tx, event.payload);
      case 'PAYMENT_SUCCEEDED': {
        const { userId, courseId, orderId } = event.payload;
        return courseAccess.grant(tx, { userId, courseId, source: 'PAYMENT', sourceId: orderId });
      }
      case 'ORDER_REFUNDED': {
        const { userId, courseId, orderId } = event.payload;
        return courseAccess.revoke(tx, { userId, courseId, source: 'PAYMENT', sourceId: orderId });
      }
    }
  },
});

/** A sponsored seat enrolls its learner for free, even in a priced course. */
export const sponsorsConsumer = ({ courseAccess }: CoursesServices): EventConsumer<Tx, 'SEAT_REDEEMED'> => ({
  name: 'courses-sponsors',
  events: ['SEAT_REDEEMED'],
  async handle({ payload: { userId, courseId, redemptionId } }, { tx }) {
    await courseAccess.grant(tx, { userId, courseId, source: 'SEAT', sourceId: redemptionId });
  },
});

export const coursesConsumers = (services: CoursesServices) => [
  paymentsConsumer(services),
  sponsorsConsumer(services),
  quizzesConsumer(services),
  certificatesConsumer(services),
  userNamesConsumer(services),
];
