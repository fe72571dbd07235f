/** `analytics-dead-letters`: keeps what any consumer gave up on, for admins to inspect and replay. */
import type { DeadLetterConsumer } from '#platform/events/consumer.ts';
import type { AnalyticsTx } from '../db.ts';
import type { AnalyticsServices } from '../services/index.ts';

export const deadLetterConsumer = ({ deadLetters }: AnalyticsServices): DeadLetterConsumer<AnalyticsTx> => ({
  name: 'analytics-dead-letters',
  stream: 'dead-letters',
  async handleDeadLetter(record, { tx, log }) {
    await deadLetters.record(tx, record, log);
  },
});
