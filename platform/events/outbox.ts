/**
 * The transactional outbox. `stage` writes the event in the caller's Prisma transaction, so the
 * event exists if and only if the change it announces was committed. The relay then publishes
 * pending rows to the bus: at once when asked (`kick`, right after a commit), and on a timer as the
 * safety net (bus down, process restarted). Publishing twice is harmless: the bus drops duplicate
 * ids and consumers keep an inbox.
 */
import type { Logger } from '../logger.ts';
import { currentCorrelationId, runDetached } from '../request-context.ts';
import type { EventBus } from './bus.ts';
import type { EventName, EventPayload } from './catalog.ts';
import { createEnvelope, type EventEnvelope } from './envelope.ts';

interface OutboxRow {
  id: string;
  name: string;
  version: number;
  payload: unknown;
  correlationId: string | null;
  occurredAt: Date;
}

/** What a Prisma transaction client of a subgraph with the OutboxEvent model offers. */
export interface OutboxWriter {
  outboxEvent: { create(args: { data: OutboxRow & { payload: object } }): Promise<unknown> };
}

/** What the relay needs of the subgraph's Prisma client. */
export interface OutboxStore {
  outboxEvent: {
    findMany(args: {
      where: { publishedAt: null };
      orderBy: Array<{ occurredAt: 'asc' } | { id: 'asc' }>;
      take: number;
    }): Promise<OutboxRow[]>;
    updateMany(args: { where: { id: { in: string[] } }; data: { publishedAt: Date } }): Promise<{ count: number }>;
    deleteMany(args: { where: { publishedAt: { lt: Date } } }): Promise<{ count: number }>;
  };
}

export async function stageEvent<N extends EventName>(
  tx: OutboxWriter,
  source: string,
  name: N,
  payload: EventPayload<N>,
): Promise<EventEnvelope<N>> {
  const envelope = createEnvelope(name, payload, source, currentCorrelationId());
  await tx.outboxEvent.create({
    data: {
      id: envelope.id,
      name: envelope.name,
      version: envelope.version,
      payload: envelope.payload as object,
      correlationId: envelope.correlationId ?? null,
      occurredAt: new Date(envelope.occurredAt),
    },
  });
  return envelope;
}

const BATCH = 100;
const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const CLEANUP_EVERY_MS = 10 * 60 * 1000;

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private again = false;
  private failing = false;
  private lastCleanup = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly bus: EventBus,
    private readonly source: string,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Publishes what is pending now; coalesces with a run already under way. */
  kick(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    // Detached: the drain is background work, not part of the request whose commit kicked it.
    this.draining = runDetached(() => this.drain()).finally(() => {
      this.draining = undefined;
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.again = false;
        if ((await this.publishBatch()) === BATCH) this.again = true;
      } while (this.again);
      await this.cleanup();
    } catch (error) {
      this.logger.error({ err: error }, 'outbox relay failed; retrying on the next poll');
    }
  }

  /** Publishes up to one batch in order; stops at the first failure (order is kept). */
  private async publishBatch(): Promise<number> {
    const rows = await this.store.outboxEvent.findMany({
      where: { publishedAt: null },
      orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
      take: BATCH,
    });
    const published: string[] = [];
    for (const row of rows) {
      try {
        await this.bus.publish({
          id: row.id,
          name: row.name,
          version: row.version,
          source: this.source,
          occurredAt: row.occurredAt.toISOString(),
          ...(row.correlationId ? { correlationId: row.correlationId } : {}),
          payload: row.payload,
        } as EventEnvelope);
        published.push(row.id);
      } catch (error) {
        if (!this.failing)
          this.logger.warn(
            { err: error, pending: rows.length - published.length },
            'event bus unavailable; events wait in the outbox',
          );
        this.failing = true;
        break;
      }
    }
    if (published.length) {
      await this.store.outboxEvent.updateMany({ where: { id: { in: published } }, data: { publishedAt: new Date() } });
      if (this.failing && published.length === rows.length) {
        this.failing = false;
        this.logger.info('event bus reachable again; outbox drained');
      }
    }
    return published.length === rows.length ? rows.length : 0;
  }

  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = Date.now();
    await this.store.outboxEvent.deleteMany({ where: { publishedAt: { lt: new Date(Date.now() - RETENTION_MS) } } });
  }
}
