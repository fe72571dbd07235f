/** Per-request DataLoaders: one SQL statement per batch of ids. */
import DataLoader from 'dataloader';
import { byId } from '#platform/graphql/loaders.ts';
import type { MessagingServices } from './services/index.ts';

export const createMessagingLoaders = ({ items }: MessagingServices) => ({
  item: new DataLoader(byId((ids) => items.byIds(ids))),
});
