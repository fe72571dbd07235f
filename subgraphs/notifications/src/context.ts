import type { SubgraphContext } from '#platform/subgraph.ts';
import type { NotificationsLoaders } from './loaders.ts';
import type { NotificationsServices } from './services/index.ts';

export type NotificationsContext = SubgraphContext<NotificationsServices, NotificationsLoaders>;
