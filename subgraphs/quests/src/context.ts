import type { SubgraphContext } from '#platform/subgraph.ts';
import type { QuestsLoaders } from './loaders.ts';
import type { QuestsServices } from './services/index.ts';

export type QuestsContext = SubgraphContext<QuestsServices, QuestsLoaders>;
