/** Per-request DataLoaders: entity references of any number cost one SQL statement. */
import DataLoader from 'dataloader';
import { byId } from '#platform/graphql/loaders.ts';
import type { AnalyticsServices } from './services/index.ts';

export const createAnalyticsLoaders = ({ activity }: AnalyticsServices) => ({
  activityEvent: new DataLoader(byId((ids) => activity.byIds(ids))),
});

export type AnalyticsLoaders = ReturnType<typeof createAnalyticsLoaders>;
