/**
 * What webinars listens to: courses' facts it authorizes with (see services/replica.ts; a learner
 * whose enrollment ends leaves the course's webinars).
 * The platform runs each consumer with its delivery guarantees; handlers only describe effects.
 */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { WebinarsTx } from '../db.ts';
import type { WebinarsServices } from '../services/index.ts';

const COURSE_FACTS = ['COURSE_CREATED', 'ENROLLMENT_CREATED', 'ENROLLMENT_ENDED'] as const;

export const coursesConsumer = ({
  replicas,
  registrations,
}: WebinarsServices): EventConsumer<WebinarsTx, (typeof COURSE_FACTS)[number]> => ({
  name: 'webinars-courses',
  events: COURSE_FACTS,
  async handle(event, { tx }) {
    switch (event.name) {
      case 'COURSE_CREATED':
        return replicas.courseCreated(tx, event.payload);
      case 'ENROLLMENT_CREATED':
        await replicas.enrollment(tx, event.payload, true, new Date(event.occurredAt));
        return;
      case 'ENROLLMENT_ENDED': {
        const { userId, courseId } = event.payload;
        if (await replicas.enrollment(tx, event.payload, false, new Date(event.occurredAt)))
          await registrations.releaseCourseSeats(tx, userId, courseId);
        return;
      }
    }
  },
});

export const webinarsConsumers = (services: WebinarsServices) => [coursesConsumer(services)];
