/** What profiles listens to: media's avatar files, so a profile points only to its owner's READY avatars. */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { ProfilesServices } from '../services/index.ts';

export const mediaConsumer = ({
  avatars,
}: ProfilesServices): EventConsumer<Prisma.TransactionClient, 'FILE_READY' | 'FILE_DELETED'> => ({
  name: 'profiles-media',
  events: ['FILE_READY', 'FILE_DELETED'],
  async handle(event, { tx }) {
    if (event.payload.purpose !== 'AVATAR') return;
    switch (event.name) {
      case 'FILE_READY':
        return avatars.ready(tx, event.payload);
      case 'FILE_DELETED':
        return avatars.deleted(tx, event.payload, new Date(event.occurredAt));
    }
  },
});

export const profilesConsumers = (services: ProfilesServices) => [mediaConsumer(services)];
