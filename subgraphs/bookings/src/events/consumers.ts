/** What bookings listens to: profiles' timezones, kept as its own replica (services/timezones.ts). */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { BookingsTx } from '../db.ts';
import type { BookingsServices } from '../services/index.ts';

export const profilesConsumer = ({ timezones }: BookingsServices): EventConsumer<BookingsTx, 'PROFILE_UPDATED'> => ({
  name: 'bookings-profiles',
  events: ['PROFILE_UPDATED'],
  handle: ({ payload, occurredAt }, { tx, log }) => timezones.record(tx, payload, new Date(occurredAt), log),
});

export const bookingsConsumers = (services: BookingsServices) => [profilesConsumer(services)];
