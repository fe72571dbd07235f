/** Per-request DataLoaders: the translations of any number of courses or lessons cost one SQL statement. */
import DataLoader from 'dataloader';
import { groupedBy } from '#platform/graphql/loaders.ts';
import type { I18nServices } from './services/index.ts';

export const createI18nLoaders = ({ translations }: I18nServices) => ({
  courseTranslations: new DataLoader(
    groupedBy(
      (ids) => translations.courseTranslations(ids),
      (row) => row.courseId,
    ),
  ),
  lessonTranslations: new DataLoader(
    groupedBy(
      (ids) => translations.lessonTranslations(ids),
      (row) => row.lessonId,
    ),
  ),
});

export type I18nLoaders = ReturnType<typeof createI18nLoaders>;
