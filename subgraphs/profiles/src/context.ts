import type { SubgraphContext } from '#platform/subgraph.ts';
import type { ProfilesLoaders } from './loaders.ts';
import type { ProfilesServices } from './services/index.ts';

export type ProfilesContext = SubgraphContext<ProfilesServices, ProfilesLoaders>;
