import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { BookingsDb } from '../db.ts';
import type { BookingsSettings } from '../settings.ts';
import { Bookings } from './bookings.ts';
import { Cancellations } from './cancellations.ts';
import { Slots } from './slots.ts';
import { Timezones } from './timezones.ts';

export const createBookingsServices = ({ db, events, settings }: SubgraphDeps<BookingsDb, BookingsSettings>) => {
  const timezones = new Timezones(db);
  return {
    timezones,
    slots: new Slots(db, timezones),
    bookings: new Bookings(db, events, settings),
    cancellations: new Cancellations(db, events, settings),
  };
};

export type BookingsServices = ReturnType<typeof createBookingsServices>;
