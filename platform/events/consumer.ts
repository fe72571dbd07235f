/**
 * Runs a subgraph's event consumer on the bus with the platform's delivery guarantees:
 * - every delivery is validated against the catalog; an invalid one is dead-lettered at once;
 * - the inbox row (consumer, event id) and the handler's effects are written in ONE transaction:
 *   a redelivered event finds its inbox row and has no second effect (one event at a time, the
 *   row goes in the transaction's last statement, with the events the handler staged);
 * - a failing handler rolls back and is retried with exponential backoff, then dead-lettered
 *   after EVENT_MAX_ATTEMPTS deliveries, while the other events keep flowing;
 * - events the handler stages (follow-ups) commit with its effects and are relayed right after;
 * - a batch consumer handles a batch in one transaction, falling back to one event at a time;
 *   batches are sized to stay far inside the transaction time limit (AdaptiveBatchSize).
 */
import { randomUUID } from 'node:crypto';
import { causeOf, learnerFirst, type Urgency } from '../learner-first.ts';
import type { Logger } from '../logger.ts';
import { runWithCorrelation } from '../request-context.ts';
import { consumeEach, ONE_AT_A_TIME, type BatchOptions, type BusSubscription, type Delivery, type EventBus } from './bus.ts';
import type { EventName } from './catalog.ts';
import { TRANSACTION_LIMITS } from '../db/transactions.ts';
import { AdaptiveBatchSize } from './batch-size.ts';
import { parseEnvelope, type AnyEvent, type EventEnvelope, type EventOf } from './envelope.ts';
import { AlreadyHandled, stagingTransaction, type OutboxWriter, type TransactionalDb } from './outbox.ts';
import { inboxHolds, inboxInsert, type RawSql, type Sql } from './outbox-sql.ts';

export interface InboxWriter {
  processedEvent: {
    createManyAndReturn(args: {
      data: Array<{ consumer: string; eventId: string }>;
      skipDuplicates: boolean;
      select: { eventId: true };
    }): Promise<Array<{ eventId: string }>>;
  };
}

export interface HandlerTools<Tx> {
  tx: Tx;
  log: Logger;
}

/**
 * A durable consumer of the events named in `events`: its handlers receive exactly those (the
 * union `EventOf<N>`), validated against the published contract and upgraded to their current
 * version, so they never check `event.name` to know what they got.
 */
export interface EventConsumer<Tx, N extends EventName = EventName> {
  /** Durable name, unique per stream: "<subgraph>-<purpose>". */
  name: string;
  events: readonly N[];
  handle(event: EventOf<N>, tools: HandlerTools<Tx>): Promise<void>;
  /**
   * For consumers off the learner's path (analytics): deliveries are taken in batches (up to `max`,
   * waiting up to `lingerMs` after the first for more) and handled in ONE transaction with their
   * inbox rows: fewer, larger transactions, run after the burst of work an action sets off. A batch
   * that fails is handled again event by event with `handle`, so one bad event is retried and
   * dead-lettered alone.
   */
  batch?: BatchOptions & { handle(events: Array<EventOf<N>>, tools: HandlerTools<Tx>): Promise<void> };
  /** After the commit, for what is not transactional (caches, live signals). Failures are logged only. */
  afterCommit?(event: EventOf<N>): Promise<void>;
  /**
   * `effect` when the learner sees the effect live (XP, badges, notifications): it waits only for the
   * request and pushes of the event's cause; `background` (the default) also for those effects
   * (platform/learner-first.ts).
   */
  urgency?: ConsumerUrgency;
}

export type ConsumerUrgency = Exclude<Urgency, 'learner'>;

export interface StatementTools<Tx> {
  /** The subgraph's client, outside any transaction: for the reads the statement depends on. */
  db: Tx;
  log: Logger;
  /** The Postgres schema of the subgraph's tables (`tableOf` in outbox-sql.ts). */
  schema: string;
  /**
   * The INSERT of the event's inbox row, to be the statement's first CTE, named `inbox`: it
   * returns a row only when the consumer had not handled the event. Every write of the statement
   * depends on it (`FROM inbox`, `WHERE EXISTS (SELECT 1 FROM inbox)`).
   */
  inbox: Sql;
}

export interface StatementOutcome {
  /** False when the inbox already held the event: the statement wrote nothing. */
  fresh: boolean;
  /** The events whose outbox rows the statement wrote, relayed now that it has committed. */
  written: EventEnvelope[];
}

/**
 * A consumer whose effect fits in ONE statement, its reads made just before: a statement is atomic
 * by itself, so the inbox row, the effect and the events it announces commit together without a
 * transaction (no BEGIN and COMMIT round trips, no row lock held across round trips). For effects
 * that need no lock on what they read (a read that goes stale meanwhile only changes what one
 * notification says); anything else takes `EventConsumer`.
 */
export interface StatementConsumer<Tx, N extends EventName = EventName> {
  name: string;
  events: readonly N[];
  handleInOneStatement(event: EventOf<N>, tools: StatementTools<Tx>): Promise<StatementOutcome>;
  afterCommit?(event: EventOf<N>): Promise<void>;
  /** As EventConsumer's. */
  urgency?: ConsumerUrgency;
}

/** What the delivery steps shared by both kinds of consumers need. */
type AnyConsumer<Tx> = EventConsumer<Tx> | StatementConsumer<Tx>;

/** Consumers of the dead-letter stream get the record, not an event. */
export interface DeadLetterConsumer<Tx> {
  name: string;
  stream: 'dead-letters';
  handleDeadLetter(record: unknown, tools: HandlerTools<Tx>): Promise<void>;
}

/** Test hook: may throw at a stage of a delivery to simulate a crash there. */
export type DeliveryInterceptor = (
  stage: 'before-commit' | 'before-ack',
  consumer: string,
  event: AnyEvent,
  attempt: number,
) => void;

export interface ConsumerRuntime {
  bus: EventBus;
  logger: Logger;
  maxAttempts: number;
  retryBaseMs: number;
  interceptors: DeliveryInterceptor[];
  /** Hands the events a handler staged, now committed, to the subgraph's outbox relay. */
  publishCommitted(envelopes: EventEnvelope[]): void;
  /** Per handled event: its age when it arrived (since it was staged) and the handling time. */
  observe(consumer: string, lagMs: number, handlingMs: number): void;
  /** The Postgres schema of the subgraph's tables, for the inbox's raw SQL (default `public`: a database of its own). */
  schema?: string;
  /** Per event moved to the dead-letter stream. */
  deadLettered?(consumer: string): void;
}

export const retryDelay = (attempt: number, baseMs: number): number => Math.min(30_000, baseMs * 4 ** (attempt - 1));

export function startConsumer<Tx extends InboxWriter & OutboxWriter, N extends EventName>(
  declared: EventConsumer<Tx, N> | StatementConsumer<Tx, N> | DeadLetterConsumer<Tx>,
  db: TransactionalDb<Tx>,
  runtime: ConsumerRuntime,
): BusSubscription {
  // Handlers get only events named in `events` (admitted() below), so any event is safe to pass on here.
  const spec = declared as AnyConsumer<Tx> | DeadLetterConsumer<Tx>;
  const schema = runtime.schema ?? 'public';
  const log = runtime.logger.child({ consumer: spec.name });
  // A batch transaction aims at a fifth of the time limit: a sudden 5x slowdown still fits.
  const batchSize =
    'batch' in spec && spec.batch ? new AdaptiveBatchSize(spec.batch.max, TRANSACTION_LIMITS.timeout / 5) : undefined;

  const deadLetter = async (delivery: Delivery, reason: string) => {
    await runtime.bus.deadLetter({
      id: randomUUID(),
      consumer: spec.name,
      reason,
      attempts: delivery.attempt,
      failedAt: new Date().toISOString(),
      event: delivery.data,
    });
    log.error({ reason, attempts: delivery.attempt }, 'event dead-lettered');
    runtime.deadLettered?.(spec.name);
  };

  /**
   * Inbox rows, effect and the events it stages in one transaction: `effect` gets the ids this
   * consumer had not handled yet (none: no effect), which are returned with the staged events.
   */
  const once = (eventIds: string[], effect: (tx: Tx, fresh: Set<string>) => Promise<void>) =>
    stagingTransaction(db, async (tx) => {
      const inserted = await tx.processedEvent.createManyAndReturn({
        data: eventIds.map((eventId) => ({ consumer: spec.name, eventId })),
        skipDuplicates: true,
        select: { eventId: true },
      });
      const fresh = new Set(inserted.map((row) => row.eventId));
      if (fresh.size) await effect(tx, fresh);
      return fresh;
    });

  /** The deliveries this consumer must handle, as events; the others are settled here. */
  const admitted = async (deliveries: Delivery[], consumer: AnyConsumer<Tx>) => {
    const accepted: Array<{ delivery: Delivery; event: AnyEvent }> = [];
    for (const delivery of deliveries) {
      // Replays aimed at another consumer are none of this consumer's business, nor are events of
      // other kinds, even malformed ones: only the consumers of an event judge it. (The bus keeps
      // other kinds away already; this also stops an envelope that names another event than its subject.)
      const name = (delivery.data as { name?: unknown } | null)?.name;
      const mine = typeof name === 'string' && (consumer.events as readonly string[]).includes(name);
      if (!mine || (delivery.replayFor && delivery.replayFor !== spec.name)) {
        delivery.ack();
        continue;
      }
      const parsed = parseEnvelope(delivery.data);
      if (parsed.ok) accepted.push({ delivery, event: parsed.event });
      else {
        await deadLetter(delivery, parsed.reason);
        delivery.ack();
      }
    }
    return accepted;
  };

  /** After the commit: acks, hand-over of the staged events, metrics, after-commit steps. */
  const committed = async (
    handled: Array<{ delivery: Delivery; event: AnyEvent }>,
    fresh: Set<string>,
    staged: EventEnvelope[],
    consumer: AnyConsumer<Tx>,
    received: number,
  ) => {
    for (const { delivery, event } of handled) {
      for (const intercept of runtime.interceptors) intercept('before-ack', spec.name, event, delivery.attempt);
      delivery.ack();
    }
    if (staged.length) runtime.publishCommitted(staged);
    const done = new Set<string>();
    for (const { event } of handled) {
      if (!fresh.has(event.id) || done.has(event.id)) continue;
      done.add(event.id);
      runtime.observe(spec.name, received - Date.parse(event.occurredAt), Date.now() - received);
      await consumer
        .afterCommit?.(event)
        .catch((error: unknown) => log.warn({ err: error, eventId: event.id }, 'after-commit step failed'));
    }
  };

  /**
   * One event: the handler's effects, then its inbox row with the events it staged in the
   * transaction's last statement (stagingTransaction): no statement of its own for the inbox. A
   * copy of an event already handled rolls back there (AlreadyHandled) and is only acked; one
   * whose handler failed first (a unique key its first handling wrote) is recognised by its inbox
   * row before any retry.
   */
  /** The handler's transaction, its inbox row in the last statement; the events it staged, once committed. */
  const inTransaction = (delivery: Delivery, event: AnyEvent, consumer: EventConsumer<Tx>, eventLog: Logger) =>
    stagingTransaction(
      db,
      async (tx) => {
        await consumer.handle(event, { tx, log: eventLog });
        for (const intercept of runtime.interceptors) intercept('before-commit', spec.name, event, delivery.attempt);
      },
      { schema, consumer: spec.name, eventId: event.id },
    ).then(({ staged }) => staged);

  /** The handler's one statement; the events it wrote, once committed. */
  const inOneStatement = async (delivery: Delivery, event: AnyEvent, consumer: StatementConsumer<Tx>, eventLog: Logger) => {
    // The statement is the commit: a crash simulated before it leaves nothing behind.
    for (const intercept of runtime.interceptors) intercept('before-commit', spec.name, event, delivery.attempt);
    const { fresh, written } = await consumer.handleInOneStatement(event, {
      db: db as unknown as Tx,
      log: eventLog,
      schema,
      inbox: inboxInsert(schema, spec.name, [event.id]),
    });
    if (!fresh) throw new AlreadyHandled({ schema, consumer: spec.name, eventId: event.id });
    return written;
  };

  const handleEvent = async (delivery: Delivery, event: AnyEvent, consumer: AnyConsumer<Tx>) => {
    const eventLog = log.child({ eventId: event.id, event: event.name, correlationId: event.correlationId });
    const received = Date.now();
    let committedNow = false;
    try {
      const started = performance.now();
      const staged = await runWithCorrelation(
        event.correlationId ?? event.id,
        () =>
          'handleInOneStatement' in consumer
            ? inOneStatement(delivery, event, consumer, eventLog)
            : inTransaction(delivery, event, consumer, eventLog),
        'event',
      );
      // One event is a batch of one: what lets a batch size that fell to 1 grow back.
      batchSize?.observe(1, performance.now() - started);
      committedNow = true;
      await committed([{ delivery, event }], new Set([event.id]), staged, consumer, received);
    } catch (error) {
      // Handled before (not just now, when a step after the commit failed: that one is retried, as a crash there would be).
      const handledBefore =
        error instanceof AlreadyHandled ||
        (!committedNow && (await inboxHolds(db as unknown as RawSql, schema, spec.name, event.id).catch(() => false)));
      if (handledBefore) {
        eventLog.debug('event already handled; acked without a second effect');
        return committed([{ delivery, event }], new Set(), [], consumer, received).catch((failure: unknown) => {
          eventLog.warn({ err: failure }, 'ack of an event handled before failed; it comes back');
          delivery.retry(retryDelay(delivery.attempt, runtime.retryBaseMs));
        });
      }
      if (delivery.attempt >= runtime.maxAttempts) {
        await deadLetter(delivery, (error as Error).message);
        return delivery.ack();
      }
      const delay = retryDelay(delivery.attempt, runtime.retryBaseMs);
      eventLog.warn({ err: error, attempt: delivery.attempt, retryInMs: delay }, 'event handling failed; will retry');
      delivery.retry(delay);
    }
  };

  const handleBatch = async (
    accepted: Array<{ delivery: Delivery; event: AnyEvent }>,
    consumer: EventConsumer<Tx>,
    batch: NonNullable<EventConsumer<Tx>['batch']>,
  ) => {
    const received = Date.now();
    try {
      const started = performance.now();
      const { result: fresh, staged } = await runWithCorrelation(
        randomUUID(),
        () =>
          once(
            accepted.map(({ event }) => event.id),
            async (tx, ids) => {
              // Each new event once, even when a batch holds two copies of it (a replay).
              const unhandled = new Set(ids);
              const events = accepted.map(({ event }) => event).filter((event) => unhandled.delete(event.id));
              await batch.handle(events, { tx, log });
              for (const { delivery, event } of accepted)
                for (const intercept of runtime.interceptors) intercept('before-commit', spec.name, event, delivery.attempt);
            },
          ),
        'event',
      );
      batchSize?.observe(accepted.length, performance.now() - started);
      await committed(accepted, fresh, staged, consumer, received);
    } catch (error) {
      batchSize?.failed(accepted.length);
      log.warn({ err: error, events: accepted.length }, 'event batch failed; handling its events one by one');
      for (const { delivery, event } of accepted) await handleEvent(delivery, event, consumer);
    }
  };

  const handleEvents = async (deliveries: Delivery[], consumer: AnyConsumer<Tx>) => {
    const accepted = await admitted(deliveries, consumer);
    // Registered before waiting: less urgent consumers of the same cause wait for this one meanwhile.
    const urgency = consumer.urgency ?? 'background';
    const causes = accepted.map(({ event }) => causeOf(event)!);
    const ends = causes.map((cause) => learnerFirst.begin(cause, urgency));
    try {
      await learnerFirst.turn(causes, urgency);
      await handleAccepted(accepted, consumer);
    } finally {
      for (const end of ends) end();
    }
  };

  const handleAccepted = async (accepted: Array<{ delivery: Delivery; event: AnyEvent }>, consumer: AnyConsumer<Tx>) => {
    if (!('batch' in consumer) || !consumer.batch || !batchSize) {
      for (const { delivery, event } of accepted) await handleEvent(delivery, event, consumer);
      return;
    }
    for (let from = 0; from < accepted.length;) {
      const part = accepted.slice(from, from + batchSize.current);
      from += part.length;
      if (part.length > 1) await handleBatch(part, consumer, consumer.batch);
      else await handleEvent(part[0]!.delivery, part[0]!.event, consumer);
    }
  };

  const handleDeadLetter = async (delivery: Delivery, consumer: DeadLetterConsumer<Tx>) => {
    const record = delivery.data as { id?: string };
    try {
      await once([String(record.id)], (tx) => consumer.handleDeadLetter(delivery.data, { tx, log }));
      delivery.ack();
    } catch (error) {
      log.warn({ err: error }, 'dead letter not recorded; will retry');
      delivery.retry(retryDelay(Math.min(delivery.attempt, 5), runtime.retryBaseMs));
    }
  };

  if ('handleDeadLetter' in spec)
    return consumeEach(runtime.bus, 'dead-letters', spec.name, (delivery) => handleDeadLetter(delivery, spec));
  // The bus hands over only the consumer's events (filtered by the broker where it can).
  return runtime.bus.consumeBatches(
    'events',
    spec.name,
    (deliveries) => handleEvents(deliveries, spec),
    ('batch' in spec ? spec.batch : undefined) ?? ONE_AT_A_TIME,
    {
      events: spec.events,
    },
  );
}
