import type { SubgraphContext } from '#platform/subgraph.ts';
import type { CoursesLoaders } from './loaders.ts';
import type { CoursesServices } from './services/index.ts';

export type CoursesContext = SubgraphContext<CoursesServices, CoursesLoaders>;
