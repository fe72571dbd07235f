/** Per-request DataLoaders: one SQL statement per batch of ids. */
import DataLoader from 'dataloader';
import { byId } from '#platform/graphql/loaders.ts';
import type { MediaServices } from './services/index.ts';

export const createMediaLoaders = ({ items }: MediaServices) => ({
  item: new DataLoader(byId((ids) => items.byIds(ids))),
});
