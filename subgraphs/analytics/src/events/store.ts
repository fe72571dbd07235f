/**
 * `analytics-store`: every catalog event goes into the event store and moves the counters, in the
 * transaction that also writes the inbox rows. Events are taken in batches: the store is off the
 * learner's path, so it waits a moment after an action for the events it sets off (a quest
 * completion brings about eight) and writes them together once that burst is over, up to 200 in a
 * transaction, fewer when transactions slow down (platform/events/batch-size.ts). The live
 * `activity` signal follows the commit, so a subscriber that looks the event up finds it.
 */
import { EVENT_NAMES } from '#platform/events/catalog.ts';
import type { EventConsumer } from '#platform/events/consumer.ts';
import type { AnalyticsTx } from '../db.ts';
import type { AnalyticsServices } from '../services/index.ts';

export const storeConsumer = ({ eventStore }: AnalyticsServices): EventConsumer<AnalyticsTx> => ({
  name: 'analytics-store',
  events: EVENT_NAMES,
  async handle(event, { tx }) {
    await eventStore.record(tx, [event]);
  },
  batch: {
    max: 200,
    lingerMs: 100,
    handle: (events, { tx }) => eventStore.record(tx, events),
  },
  async afterCommit(event) {
    eventStore.announce(event);
  },
});
