import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { I18nDb } from '../db.ts';
import { Locales } from './locales.ts';
import { Messages } from './messages.ts';
import { CourseReplica } from './replicas.ts';
import { Translations } from './translations.ts';

export const createI18nServices = ({ db, events }: SubgraphDeps<I18nDb>) => ({
  locales: new Locales(db),
  messages: new Messages(db, events),
  translations: new Translations(db, events),
  courses: new CourseReplica(),
});

export type I18nServices = ReturnType<typeof createI18nServices>;
