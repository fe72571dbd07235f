import type { SubgraphContext } from '#platform/subgraph.ts';
import type { AccountsLoaders } from './loaders.ts';
import type { AccountsServices } from './services/index.ts';

export type AccountsContext = SubgraphContext<AccountsServices, AccountsLoaders>;
