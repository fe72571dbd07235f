/** Per-request DataLoaders: one SQL statement per batch of ids. */
import DataLoader from 'dataloader';
import { byId } from '#platform/graphql/loaders.ts';
import type { BookingsServices } from './services/index.ts';

export const createBookingsLoaders = ({ items }: BookingsServices) => ({
  item: new DataLoader(byId((ids) => items.byIds(ids))),
});
