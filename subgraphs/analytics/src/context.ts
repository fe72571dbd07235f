import type { SubgraphContext } from '#platform/subgraph.ts';
import type { AnalyticsLoaders } from './loaders.ts';
import type { AnalyticsServices } from './services/index.ts';

export type AnalyticsContext = SubgraphContext<AnalyticsServices, AnalyticsLoaders>;
