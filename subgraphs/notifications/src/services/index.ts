import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { NotificationsDb } from '../db.ts';
import { Delivery } from './delivery.ts';
import { Feed } from './feed.ts';
import { RecipientLocales } from './locales.ts';
import { Preferences } from './preferences.ts';

export const createNotificationsServices = ({ db, events }: SubgraphDeps<NotificationsDb>) => {
  const locales = new RecipientLocales();
  return { feed: new Feed(db), preferences: new Preferences(db), locales, delivery: new Delivery(events, locales) };
};

export type NotificationsServices = ReturnType<typeof createNotificationsServices>;
