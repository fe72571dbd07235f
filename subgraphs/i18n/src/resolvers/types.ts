import { referenceTo } from '#platform/graphql/reference.ts';
import type { CourseResolvers, LessonResolvers, MissingTranslationResolvers } from '../generated/graphql.ts';
import { availableLocales, pickTranslation } from '../services/translations.ts';

/** Course and Lesson are courses' entities: i18n adds their translations to whatever courses lets the caller see. */
export const Course: CourseResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  translation: async ({ id }, { locale }, { loaders }) => pickTranslation(await loaders.courseTranslations.load(id), locale),
  availableLocales: async ({ id }, _args, { loaders }) => availableLocales(await loaders.courseTranslations.load(id)),
};

export const Lesson: LessonResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  translation: async ({ id }, { locale }, { loaders }) => pickTranslation(await loaders.lessonTranslations.load(id), locale),
};

export const MissingTranslation: MissingTranslationResolvers = {
  namespace: (missing) => missing.namespace ?? null,
  key: (missing) => missing.key ?? null,
  course: (missing) => referenceTo(missing.courseId),
  lesson: (missing) => referenceTo(missing.lessonId),
};
