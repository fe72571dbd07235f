/** Per-request DataLoaders: a list of webinars costs one SQL statement per field, whatever its length. */
import DataLoader from 'dataloader';
import { byId, groupedBy } from '#platform/graphql/loaders.ts';
import type { WebinarsServices } from './services/index.ts';
import type { RegistrationKey } from './services/registrations.ts';

const keyOf = ({ webinarId, userId }: RegistrationKey) => `${webinarId}/${userId}`;

export const createWebinarsLoaders = ({ catalog, registrations }: WebinarsServices) => ({
  webinar: new DataLoader(byId((ids) => catalog.byIds(ids))),
  /** Seats taken (REGISTERED) per webinar. */
  registeredCount: new DataLoader(async (ids: readonly string[]) => {
    const counts = new Map((await registrations.registeredCounts(ids)).map((row) => [row.webinarId, row.count]));
    return ids.map((id) => counts.get(id) ?? 0);
  }),
  /** A learner's registration for a webinar (any status), by (webinar, learner). */
  registration: new DataLoader(
    async (keys: readonly RegistrationKey[]) => {
      const rows = new Map((await registrations.byKeys(keys)).map((row) => [keyOf(row), row]));
      return keys.map((key) => rows.get(keyOf(key)));
    },
    { cacheKeyFn: keyOf },
  ),
  /** The waitlisted (id, arrival number) of each webinar. */
  waitlistByWebinar: new DataLoader(
    groupedBy(
      (ids) => registrations.waitlisted(ids),
      (row) => row.webinarId,
    ),
  ),
});

export type WebinarsLoaders = ReturnType<typeof createWebinarsLoaders>;

/** After a mutation: an operation may hold several, and what an earlier one loaded must not answer for a later one. */
export function forgetWebinar(loaders: WebinarsLoaders, webinarId: string): void {
  loaders.webinar.clear(webinarId);
  loaders.registeredCount.clear(webinarId);
  loaders.waitlistByWebinar.clear(webinarId);
  loaders.registration.clearAll();
}
