/** Per-request DataLoaders: one SQL statement per batch of ids, whatever the list size. */
import DataLoader from 'dataloader';
import { byId } from '#platform/graphql/loaders.ts';
import type { AccountsServices } from './services/index.ts';

export const createAccountsLoaders = ({ accounts }: AccountsServices) => ({
  user: new DataLoader(byId((ids) => accounts.usersByIds(ids))),
});

export type AccountsLoaders = ReturnType<typeof createAccountsLoaders>;
