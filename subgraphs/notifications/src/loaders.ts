/** Per-request DataLoaders: entity references of any number cost one SQL statement. */
import DataLoader from 'dataloader';
import { byId } from '#platform/graphql/loaders.ts';
import type { NotificationsServices } from './services/index.ts';

export const createNotificationsLoaders = ({ feed }: NotificationsServices) => ({
  notification: new DataLoader(byId((ids) => feed.byIds(ids))),
});

export type NotificationsLoaders = ReturnType<typeof createNotificationsLoaders>;
