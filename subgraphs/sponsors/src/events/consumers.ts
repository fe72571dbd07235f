/** What sponsors listens to: courses' titles and publication, and the progress of learners on sponsored seats. */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { SponsorsTx } from '../db.ts';
import type { SponsorsServices } from '../services/index.ts';

type CourseEvents =
  'COURSE_CREATED' | 'COURSE_PUBLISHED' | 'ACCESS_GRANTED' | 'LESSON_COMPLETED' | 'COURSE_COMPLETED' | 'ENROLLMENT_ENDED';

export const coursesConsumer = ({ sponsors, reports }: SponsorsServices): EventConsumer<SponsorsTx, CourseEvents> => ({
  name: 'sponsors-courses',
  events: ['COURSE_CREATED', 'COURSE_PUBLISHED', 'ACCESS_GRANTED', 'LESSON_COMPLETED', 'COURSE_COMPLETED', 'ENROLLMENT_ENDED'],
  async handle(event, { tx }) {
    const at = new Date(event.occurredAt);
    switch (event.name) {
      case 'COURSE_CREATED':
        return sponsors.recordCourse(tx, event.payload.courseId, event.payload.title, null);
      case 'COURSE_PUBLISHED':
        return sponsors.recordCourse(tx, event.payload.courseId, event.payload.title, at);
      case 'ACCESS_GRANTED':
        if (event.payload.source !== 'SEAT') return;
        return reports.enrolled(tx, event.payload.sourceId, event.payload.enrollmentId);
      case 'LESSON_COMPLETED':
        return reports.progressed(tx, event.payload.userId, event.payload.courseId, event.payload.progressPercent);
      case 'COURSE_COMPLETED':
        return reports.completed(tx, event.payload.userId, event.payload.courseId, at);
      case 'ENROLLMENT_ENDED':
        return reports.ended(tx, event.payload.userId, event.payload.courseId, at);
    }
  },
});

export const sponsorsConsumers = (services: SponsorsServices) => [coursesConsumer(services)];
