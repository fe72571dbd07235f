/** Events a consumer gave up on: kept from the dead-letter stream, listed for admins, replayed on demand. */
import { z } from 'zod';
import { badInput, notFound } from '#platform/errors.ts';
import type { EventBus } from '#platform/events/bus.ts';
import { parseEnvelope } from '#platform/events/envelope.ts';
import { pageQuery, toConnection, type Connection, type PageArgs } from '#platform/graphql/connection.ts';
import type { Logger } from '#platform/logger.ts';
import type { AnalyticsDb, AnalyticsTx } from '../db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { DeadLetter } from '../models.ts';

/** The platform's DeadLetterRecord, checked: the stream is input like any other. */
const deadLetterRecord = z.object({
  id: z.string().min(1).max(200),
  consumer: z.string().min(1).max(200),
  reason: z.string(),
  attempts: z.number().int().min(0),
  failedAt: z.iso.datetime(),
  event: z.unknown(),
});

const textField = (value: unknown, field: string): string | null => {
  const found = value && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined;
  return typeof found === 'string' ? found : null;
};

export class DeadLetters {
  constructor(
    private readonly db: AnalyticsDb,
    private readonly bus: EventBus,
  ) {}

  /** Stores one record of the dead-letter stream (the platform's inbox makes a redelivery a no-op). */
  async record(tx: AnalyticsTx, raw: unknown, log: Logger): Promise<void> {
    const parsed = deadLetterRecord.safeParse(raw);
    if (!parsed.success) {
      // Retrying would not make it readable; keep it in the logs rather than block the stream.
      log.error({ issues: parsed.error.issues }, 'not a dead-letter record; skipped');
      return;
    }
    const record = parsed.data;
    await tx.deadLetter.createMany({
      data: [
        {
          id: record.id,
          consumer: record.consumer,
          eventId: textField(record.event, 'id'),
          eventName: textField(record.event, 'name'),
          reason: record.reason,
          attempts: record.attempts,
          failedAt: new Date(record.failedAt),
          event: record.event === undefined || record.event === null ? Prisma.JsonNull : (record.event as Prisma.InputJsonValue),
        },
      ],
      skipDuplicates: true,
    });
  }

  /** Newest failure first, optionally for one consumer. */
  async list(filter: { consumer?: string | null }, page: PageArgs): Promise<Connection<DeadLetter>> {
    const where: Prisma.DeadLetterWhereInput = filter.consumer ? { consumer: filter.consumer } : {};
    const { size, prisma } = pageQuery(page);
    const rows = await this.db.deadLetter.findMany({ where, orderBy: [{ failedAt: 'desc' }, { id: 'desc' }], ...prisma });
    return toConnection(rows, size, () => this.db.deadLetter.count({ where }));
  }

  /**
   * Sends the event again to the consumer that gave up on it, and to no other. Its inbox keeps the
   * replay idempotent; an event that cannot pass the catalog's checks would only fail again.
   */
  async replay(id: string): Promise<DeadLetter> {
    const letter = await this.db.deadLetter.findUnique({ where: { id } });
    if (!letter) throw notFound('DeadLetter', id);
    const parsed = parseEnvelope(letter.event);
    if (!parsed.ok) {
      throw badInput(`This event cannot be replayed: ${parsed.reason}. ${letter.consumer} would reject it again.`);
    }
    await this.bus.publish(parsed.event, { replayFor: letter.consumer });
    return this.db.deadLetter.update({ where: { id }, data: { replayedAt: new Date() } });
  }
}
