import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { NotificationsDb } from '../db.ts';
import { Delivery } from './delivery.ts';
import { Feed } from './feed.ts';
import { Preferences } from './preferences.ts';

export const createNotificationsServices = ({ db, events }: SubgraphDeps<NotificationsDb>) => ({
  feed: new Feed(db),
  preferences: new Preferences(db),
  delivery: new Delivery(events),
});

export type NotificationsServices = ReturnType<typeof createNotificationsServices>;
