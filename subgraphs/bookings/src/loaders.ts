/** Per-request DataLoaders: lists of any length cost one SQL statement per level. */
import DataLoader from 'dataloader';
import { byId } from '#platform/graphql/loaders.ts';
import type { BookingsServices } from './services/index.ts';

export const createBookingsLoaders = ({ slots, bookings, timezones }: BookingsServices) => ({
  slot: new DataLoader(byId((ids) => slots.byIds(ids))),
  booking: new DataLoader(byId((ids) => bookings.byIds(ids))),
  /** A user's timezone (UTC when unknown). */
  timezone: new DataLoader((userIds: readonly string[]) => timezones.ofUsers(userIds)),
});
