/**
 * The transactional outbox. `stage` writes the event in the caller's Prisma transaction, so the
 * event exists if and only if the change it announces was committed. Events staged inside
 * `collectStaged` are handed to the relay the moment their transaction has committed and published
 * straight away, with no read of the outbox; the relay's timer is the safety net for the rest
 * (bus down, process restarted, events staged elsewhere). Publishing twice is harmless: the bus
 * drops duplicate ids and consumers keep an inbox.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { LRUCache } from 'lru-cache';
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

/** The envelopes staged by the transaction running in this async context, if it is collected. */
const staging = new AsyncLocalStorage<EventEnvelope[]>();

/** Runs `work` (a transaction) and returns, with its result, the events it staged. */
export async function collectStaged<T>(work: () => Promise<T>): Promise<{ result: T; staged: EventEnvelope[] }> {
  const staged: EventEnvelope[] = [];
  const result = await staging.run(staged, work);
  return { result, staged };
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
  staging.getStore()?.push(envelope);
  return envelope;
}

const BATCH = 100;
const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const CLEANUP_EVERY_MS = 10 * 60 * 1000;

const toEnvelope = (row: OutboxRow, source: string) =>
  ({
    id: row.id,
    name: row.name,
    version: row.version,
    source,
    occurredAt: row.occurredAt.toISOString(),
    ...(row.correlationId ? { correlationId: row.correlationId } : {}),
    payload: row.payload,
  }) as EventEnvelope;

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private again = false;
  private failing = false;
  private lastCleanup = 0;
  /** Ids this relay has published lately, so the commit hand-over and the poll never both send one. */
  private readonly sent = new LRUCache<string, true>({ max: 10_000 });
  /** Committed events waiting to be published, in commit order. */
  private readonly committed: EventEnvelope[] = [];

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

  /** Events whose transaction just committed: published now, without reading the outbox. */
  publishCommitted(envelopes: EventEnvelope[]): void {
    this.committed.push(...envelopes);
    this.kick();
  }

  /** Publishes what is pending; coalesces with a run already under way. */
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
        if (this.committed.length) await this.publish(this.committed.splice(0));
        else if ((await this.publishPending()) === BATCH) this.again = true;
      } while (this.again || this.committed.length);
      await this.cleanup();
    } catch (error) {
      this.logger.error({ err: error }, 'outbox relay failed; retrying on the next poll');
    }
  }

  /** Rows nobody has published yet (bus was down, process restarted, staged outside a collection). */
  private async publishPending(): Promise<number> {
    const rows = await this.store.outboxEvent.findMany({
      where: { publishedAt: null },
      orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
      take: BATCH,
    });
    return (await this.publish(rows.map((row) => toEnvelope(row, this.source)))) === rows.length ? rows.length : 0;
  }

  /**
   * Sends every envelope at once (the connection keeps their order), then marks what the bus
   * accepted; what it refused stays in the outbox for the next poll. An envelope this relay already
   * sent (a poll read its row just before the commit handed it over) is only marked. Returns how
   * many are now out.
   */
  private async publish(envelopes: EventEnvelope[]): Promise<number> {
    if (!envelopes.length) return 0;
    const fresh = envelopes.filter((envelope) => !this.sent.has(envelope.id));
    const outcomes = await Promise.allSettled(fresh.map((envelope) => this.bus.publish(envelope)));
    fresh.forEach((envelope, index) => {
      if (outcomes[index]!.status === 'fulfilled') this.sent.set(envelope.id, true);
    });
    const published = envelopes.filter((envelope) => this.sent.has(envelope.id)).map((envelope) => envelope.id);
    if (published.length) {
      await this.store.outboxEvent.updateMany({ where: { id: { in: published } }, data: { publishedAt: new Date() } });
    }
    if (published.length < envelopes.length) {
      const failure = outcomes.find((outcome) => outcome.status === 'rejected');
      if (!this.failing) {
        this.logger.warn(
          { err: failure?.reason, pending: envelopes.length - published.length },
          'event bus unavailable; events wait in the outbox',
        );
      }
      this.failing = true;
    } else if (this.failing) {
      this.failing = false;
      this.logger.info('event bus reachable again; publishing what waited in the outbox');
    }
    return published.length;
  }

  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = Date.now();
    await this.store.outboxEvent.deleteMany({ where: { publishedAt: { lt: new Date(Date.now() - RETENTION_MS) } } });
  }
}
