import type { SubgraphContext } from '#platform/subgraph.ts';
import type { GamificationLoaders } from './loaders.ts';
import type { GamificationServices } from './services/index.ts';

export type GamificationContext = SubgraphContext<GamificationServices, GamificationLoaders>;
