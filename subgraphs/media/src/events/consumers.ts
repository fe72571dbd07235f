/**
 * What media listens to: courses' facts that authorize lesson attachments (see
 * services/replica.ts). The platform runs the consumer with its delivery guarantees; the handler
 * only writes the replica.
 */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { MediaTx } from '../db.ts';
import type { MediaServices } from '../services/index.ts';

const COURSE_FACTS = ['COURSE_CREATED', 'LESSON_ADDED', 'ENROLLMENT_CREATED', 'ENROLLMENT_ENDED'] as const;

export const coursesConsumer = ({ replicas }: MediaServices): EventConsumer<MediaTx, (typeof COURSE_FACTS)[number]> => ({
  name: 'media-courses',
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

export const mediaConsumers = (services: MediaServices) => [coursesConsumer(services)];
