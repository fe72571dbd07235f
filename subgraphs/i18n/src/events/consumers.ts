/** What i18n listens to: users' locales (profiles) and courses' announcements, kept as its own replicas. */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { I18nTx } from '../db.ts';
import type { I18nServices } from '../services/index.ts';

export const profilesConsumer = ({ locales }: I18nServices): EventConsumer<I18nTx, 'PROFILE_UPDATED'> => ({
  name: 'i18n-profiles',
  events: ['PROFILE_UPDATED'],
  handle: ({ payload }, { tx }) => locales.recordProfile(tx, payload),
});

type CourseEvents = 'COURSE_CREATED' | 'COURSE_PUBLISHED' | 'LESSON_ADDED';

export const coursesConsumer = ({ courses }: I18nServices): EventConsumer<I18nTx, CourseEvents> => ({
  name: 'i18n-courses',
  events: ['COURSE_CREATED', 'COURSE_PUBLISHED', 'LESSON_ADDED'],
  async handle(event, { tx }) {
    switch (event.name) {
      case 'COURSE_CREATED':
        return courses.recordCourse(tx, event.payload);
      case 'COURSE_PUBLISHED':
        return courses.recordCourse(tx, event.payload, true);
      case 'LESSON_ADDED':
        return courses.recordLesson(tx, event.payload);
    }
  },
});

export const i18nConsumers = (services: I18nServices) => [profilesConsumer(services), coursesConsumer(services)];
