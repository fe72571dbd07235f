/** What payments listens to: courses' announcements, kept as its own replica (it never calls courses). */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { PaymentsTx } from '../db.ts';
import type { PaymentsServices } from '../services/index.ts';

type CourseEvents = 'COURSE_CREATED' | 'COURSE_PUBLISHED' | 'ENROLLMENT_CREATED' | 'ENROLLMENT_ENDED';

export const coursesConsumer = ({ catalog }: PaymentsServices): EventConsumer<PaymentsTx, CourseEvents> => ({
  name: 'payments-courses',
  events: ['COURSE_CREATED', 'COURSE_PUBLISHED', 'ENROLLMENT_CREATED', 'ENROLLMENT_ENDED'],
  async handle(event, { tx }) {
    switch (event.name) {
      case 'COURSE_CREATED':
        return catalog.recordCourse(tx, event.payload);
      case 'COURSE_PUBLISHED':
        return catalog.recordCourse(tx, event.payload, new Date(event.occurredAt));
      case 'ENROLLMENT_CREATED':
        return catalog.recordEnrollment(tx, event.payload.userId, event.payload.courseId, true);
      case 'ENROLLMENT_ENDED':
        return catalog.recordEnrollment(tx, event.payload.userId, event.payload.courseId, false);
    }
  },
});

export const paymentsConsumers = (services: PaymentsServices) => [coursesConsumer(services)];
