import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { NotificationsDb } from '../db.ts';
import { Announcements } from './announcements.ts';
import { Delivery } from './delivery.ts';
import { EmailPreferences } from './email-preferences.ts';
import { Feed } from './feed.ts';
import { RecipientLocales } from './locales.ts';
import { Preferences } from './preferences.ts';

export const createNotificationsServices = ({ db, events }: SubgraphDeps<NotificationsDb>) => {
  const locales = new RecipientLocales();
  return {
    feed: new Feed(db),
    preferences: new Preferences(db),
    emailPreferences: new EmailPreferences(db, events),
    announcements: new Announcements(events),
    locales,
    delivery: new Delivery(events, locales),
  };
};

export type NotificationsServices = ReturnType<typeof createNotificationsServices>;
