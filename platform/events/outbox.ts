/**
 * The transactional outbox. `stage` writes the event in the caller's Prisma transaction, so the
 * event exists if and only if the change it announces was committed. In a `stagingTransaction`,
 * the events staged are written together in one statement just before the commit, then handed to
 * the relay the moment the transaction has committed and published straight away, with no read of
 * the outbox; the relay's timer is the safety net for the rest (bus down, process restarted,
 * events staged elsewhere). Publishing twice is harmless: the bus drops duplicate ids and
 * consumers keep an inbox.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger.ts';
import { runDetached } from '../request-context.ts';
import type { EventBus } from './bus.ts';
import type { EventEnvelope } from './envelope.ts';
import { inboxInsert, outboxInsert, sql, type RawSql } from './outbox-sql.ts';

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
  outboxEvent: { createMany(args: { data: Array<OutboxRow & { payload: object }> }): Promise<unknown> };
}

/** The part of a subgraph's Prisma client that runs transactions. */
export interface TransactionalDb<Tx> {
  $transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
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

/** The events staged in the staging transaction running in this async context. */
interface StagingBatch {
  /** The transaction the events are written in (the one `stage` was first given). */
  tx?: OutboxWriter;
  /** Staged, not written yet. */
  unwritten: EventEnvelope[];
  /** Everything staged, for the relay once committed. */
  staged: EventEnvelope[];
}

const staging = new AsyncLocalStorage<StagingBatch>();

const toRow = (envelope: EventEnvelope) => ({
  id: envelope.id,
  name: envelope.name,
  version: envelope.version,
  payload: envelope.payload as object,
  correlationId: envelope.correlationId ?? null,
  occurredAt: new Date(envelope.occurredAt),
});

/** A consumer's inbox row for one event: written with the events its handler staged. */
export interface InboxEntry {
  /** The Postgres schema of the subgraph's tables (raw SQL, see outbox-sql.ts). */
  schema: string;
  consumer: string;
  eventId: string;
}

/** The inbox already held the event: the transaction was rolled back, the event has had its effect. */
export class AlreadyHandled extends Error {
  constructor(entry: InboxEntry) {
    super(`${entry.consumer} has already handled event ${entry.eventId}`);
    this.name = 'AlreadyHandled';
  }
}

/**
 * The inbox row and the staged events in ONE statement, the transaction's last: the events are
 * written only with the row, and a row already there (a redelivery, or a copy handled at the same
 * time that committed first: the insert waits for it) throws AlreadyHandled, rolling back the
 * handler's work.
 */
async function writeInbox(tx: RawSql, entry: InboxEntry, envelopes: EventEnvelope[]): Promise<void> {
  const inbox = inboxInsert(entry.schema, entry.consumer, [entry.eventId]);
  const rows = envelopes.length
    ? await tx.$queryRaw<unknown[]>(
        sql`WITH inbox AS (${inbox}), outbox AS (${outboxInsert(entry.schema, envelopes, sql`EXISTS (SELECT 1 FROM inbox)`)})
          SELECT "eventId" FROM inbox`,
      )
    : await tx.$queryRaw<unknown[]>(inbox);
  if (!rows.length) throw new AlreadyHandled(entry);
}

/**
 * Runs `work` in a transaction of `db`; the events it stages are written in one statement before
 * the commit, and returned with its result once committed. With `inbox`, that statement also
 * writes the consumer's inbox row (see writeInbox).
 */
export async function stagingTransaction<Tx, T>(
  db: TransactionalDb<Tx>,
  work: (tx: Tx) => Promise<T>,
  inbox?: InboxEntry,
): Promise<{ result: T; staged: EventEnvelope[] }> {
  const batch: StagingBatch = { unwritten: [], staged: [] };
  const result = await staging.run(batch, () =>
    db.$transaction(async (tx) => {
      const value = await work(tx);
      const unwritten = batch.unwritten.splice(0);
      if (inbox) await writeInbox(tx as RawSql, inbox, unwritten);
      else if (unwritten.length) await batch.tx!.outboxEvent.createMany({ data: unwritten.map(toRow) });
      return value;
    }),
  );
  return { result, staged: batch.staged };
}

/** Stages an envelope its publisher built and checked (see SubgraphEvents.stage). */
export async function stageEvent<E extends EventEnvelope>(tx: OutboxWriter, envelope: E): Promise<E> {
  const batch = staging.getStore();
  if (batch && (batch.tx ?? tx) === tx) {
    batch.tx = tx;
    batch.unwritten.push(envelope);
  } else {
    // Outside a staging transaction (or in another transaction than its own): written now.
    await tx.outboxEvent.createMany({ data: [toRow(envelope)] });
  }
  batch?.staged.push(envelope);
  return envelope;
}

const BATCH = 100;
/**
 * Events published on the commit hand-over are marked in the outbox together, a moment later: one
 * UPDATE for all the events of that second rather than one per transaction. A restart before the
 * mark republishes them (the bus drops the duplicates).
 */
const MARK_AFTER_MS = 1_000;
/** After a refused publish the relay retries this soon, doubling up to the poll interval. */
const RETRY_FIRST_MS = 250;
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
  /** Published, not yet marked in the outbox (a restart before the mark republishes them: harmless). */
  private readonly toMark = new Set<string>();
  private markTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = RETRY_FIRST_MS;
  /** Once stopped, nothing starts: what is committed meanwhile stays in the outbox for the next start's poll. */
  private stopped = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly bus: EventBus,
    private readonly source: string,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.stopped = false;
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
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    // Detached: the drain is background work, not part of the request whose commit kicked it.
    this.draining = runDetached(() => this.drain()).finally(() => {
      this.draining = undefined;
      // Kicked during the drain's last steps (the cleanup): those events go out now, not at the poll.
      if (this.again || this.committed.length) this.kick();
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    clearTimeout(this.markTimer);
    clearTimeout(this.retryTimer);
    // A drain ending starts another for the events handed over meanwhile: wait until none runs, or
    // one would read the database after its client closed.
    while (this.draining) await this.draining;
    this.stopped = true;
    await this.markPublished().catch((error: unknown) => this.logger.warn({ err: error }, 'outbox marks not written'));
  }

  private async drain(): Promise<void> {
    let failed = false;
    try {
      do {
        this.again = false;
        if (this.committed.length) await this.publish(this.committed.splice(0));
        else if ((await this.publishPending()) === BATCH) this.again = true;
      } while (this.again || this.committed.length);
      await this.cleanup();
    } catch (error) {
      failed = true;
      this.logger.error({ err: error }, 'outbox relay failed; retrying shortly');
    }
    this.retrySoonIf(failed || this.failing);
  }

  /**
   * A bus that refused events (a broker restart, a publish timeout) is tried again soon rather
   * than at the next poll, backing off while it keeps refusing.
   */
  private retrySoonIf(failed: boolean): void {
    if (!failed) {
      this.retryMs = RETRY_FIRST_MS;
      return;
    }
    if (this.retryTimer || !this.timer) return; // one retry at a time; none once stopped
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.pollMs);
  }

  /**
   * Rows nobody has published yet (bus was down, process restarted, staged outside a staging
   * transaction).
   * Marks are written first and at once here, so the read never returns rows already sent.
   */
  private async publishPending(): Promise<number> {
    await this.markPublished();
    const rows = await this.store.outboxEvent.findMany({
      where: { publishedAt: null },
      orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
      take: BATCH,
    });
    const published = await this.publish(rows.map((row) => toEnvelope(row, this.source)));
    await this.markPublished();
    return published === rows.length ? rows.length : 0;
  }

  /**
   * Writes the pending marks in one statement. The commit hand-over leaves them for a moment
   * (MARK_AFTER_MS), so a burst of commits costs one UPDATE, written after the burst.
   */
  private async markPublished(): Promise<void> {
    clearTimeout(this.markTimer);
    this.markTimer = undefined;
    if (!this.toMark.size) return;
    const ids = [...this.toMark];
    this.toMark.clear();
    try {
      await this.store.outboxEvent.updateMany({ where: { id: { in: ids } }, data: { publishedAt: new Date() } });
    } catch (error) {
      for (const id of ids) this.toMark.add(id);
      throw error;
    }
  }

  private markSoon(): void {
    if (this.markTimer || !this.toMark.size) return;
    this.markTimer = setTimeout(() => {
      this.markTimer = undefined;
      void runDetached(() => this.markPublished()).catch((error: unknown) =>
        this.logger.warn({ err: error }, 'outbox marks not written; the next poll retries'),
      );
    }, MARK_AFTER_MS);
    this.markTimer.unref();
  }

  /**
   * Sends every envelope at once (the connection keeps their order), then queues marks for what
   * the bus accepted; what it refused stays in the outbox, to be retried. An envelope this relay
   * already sent (a poll read its row just before the commit handed it over) is only marked.
   * Returns how many are now out.
   */
  private async publish(envelopes: EventEnvelope[]): Promise<number> {
    if (!envelopes.length) return 0;
    const fresh = envelopes.filter((envelope) => !this.sent.has(envelope.id));
    const outcomes = await Promise.allSettled(fresh.map((envelope) => this.bus.publish(envelope)));
    fresh.forEach((envelope, index) => {
      if (outcomes[index]!.status === 'fulfilled') this.sent.set(envelope.id, true);
    });
    const published = envelopes.filter((envelope) => this.sent.has(envelope.id)).map((envelope) => envelope.id);
    for (const id of published) this.toMark.add(id);
    this.markSoon();
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
