/**
 * Certificates from courses' own events: COURSE_COMPLETED issues one (services/certificates.ts
 * says why here rather than in the completing transaction), and accounts' USER_REGISTERED gives
 * the display names they print.
 */
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { CoursesServices } from '../services/index.ts';

type Tx = Prisma.TransactionClient;

export const certificatesConsumer = ({ certificates }: CoursesServices): EventConsumer<Tx, 'COURSE_COMPLETED'> => ({
  name: 'courses-certificates',
  events: ['COURSE_COMPLETED'],
  handle: (event, { tx }) => certificates.issue(tx, event.payload, new Date(event.occurredAt)),
});

export const userNamesConsumer = ({ certificates }: CoursesServices): EventConsumer<Tx, 'USER_REGISTERED'> => ({
  name: 'courses-user-names',
  events: ['USER_REGISTERED'],
  handle: ({ payload: { userId, displayName } }, { tx }) => certificates.recordName(tx, userId, displayName),
});
