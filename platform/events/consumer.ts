/**
 * Runs a subgraph's event consumer on the bus with the platform's delivery guarantees:
 * - every delivery is validated against the catalog; an invalid one is dead-lettered at once;
 * - the inbox row (consumer, event id) and the handler's effects are written in ONE transaction:
 *   a redelivered event finds its inbox row and has no second effect;
 * - a failing handler rolls back and is retried with exponential backoff, then dead-lettered
 *   after EVENT_MAX_ATTEMPTS deliveries, while the other events keep flowing;
 * - events the handler stages (follow-ups) commit with its effects and are relayed right after.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import { runWithCorrelation } from '../request-context.ts';
import type { BusSubscription, Delivery, EventBus, StreamName } from './bus.ts';
import type { EventName } from './catalog.ts';
import { parseEnvelope, type AnyEvent, type EventEnvelope } from './envelope.ts';
import { collectStaged, type OutboxWriter } from './outbox.ts';

export interface InboxWriter {
  processedEvent: {
    createMany(args: { data: Array<{ consumer: string; eventId: string }>; skipDuplicates: boolean }): Promise<{ count: number }>;
  };
}

/** The part of a subgraph's Prisma client the runner uses. */
export interface TransactionalDb<Tx> {
  $transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface HandlerTools<Tx> {
  tx: Tx;
  log: Logger;
}

export interface EventConsumer<Tx> {
  /** Durable name, unique per stream: "<subgraph>-<purpose>". */
  name: string;
  events: readonly EventName[];
  /** Reads the dead-letter stream instead of the events (analytics keeps them for admins). */
  stream?: StreamName;
  handle(event: AnyEvent, tools: HandlerTools<Tx>): Promise<void>;
  /** After the commit, for what is not transactional (caches, live signals). Failures are logged only. */
  afterCommit?(event: AnyEvent): Promise<void>;
}

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
}

export const retryDelay = (attempt: number, baseMs: number): number => Math.min(30_000, baseMs * 4 ** (attempt - 1));

export function startConsumer<Tx extends InboxWriter & OutboxWriter>(
  spec: EventConsumer<Tx> | DeadLetterConsumer<Tx>,
  db: TransactionalDb<Tx>,
  runtime: ConsumerRuntime,
): BusSubscription {
  const log = runtime.logger.child({ consumer: spec.name });
  const stream = spec.stream ?? 'events';

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
  };

  /** Inbox row and effect in one transaction; false when this consumer had handled it already. */
  const once = (eventId: string, effect: (tx: Tx) => Promise<void>) =>
    db.$transaction(async (tx) => {
      const { count } = await tx.processedEvent.createMany({ data: [{ consumer: spec.name, eventId }], skipDuplicates: true });
      if (count === 0) return false;
      await effect(tx);
      return true;
    });

  const handleEvent = async (delivery: Delivery, consumer: EventConsumer<Tx>) => {
    // Events of other kinds (or replays aimed at another consumer) are none of this consumer's business,
    // even malformed ones: only the consumers of an event judge it.
    const name = (delivery.data as { name?: unknown } | null)?.name;
    const mine = typeof name === 'string' && (consumer.events as readonly string[]).includes(name);
    if (!mine || (delivery.replayFor && delivery.replayFor !== spec.name)) return delivery.ack();
    const parsed = parseEnvelope(delivery.data);
    if (!parsed.ok) {
      await deadLetter(delivery, parsed.reason);
      return delivery.ack();
    }
    const { event } = parsed;
    const eventLog = log.child({ eventId: event.id, event: event.name, correlationId: event.correlationId });
    const received = Date.now();
    try {
      const { result: handled, staged } = await runWithCorrelation(
        event.correlationId ?? event.id,
        () =>
          collectStaged(() =>
            once(event.id, async (tx) => {
              await consumer.handle(event, { tx, log: eventLog });
              for (const intercept of runtime.interceptors) intercept('before-commit', spec.name, event, delivery.attempt);
            }),
          ),
        'event',
      );
      for (const intercept of runtime.interceptors) intercept('before-ack', spec.name, event, delivery.attempt);
      delivery.ack();
      if (handled) {
        runtime.publishCommitted(staged);
        runtime.observe(spec.name, received - Date.parse(event.occurredAt), Date.now() - received);
        await consumer.afterCommit?.(event).catch((error: unknown) => eventLog.warn({ err: error }, 'after-commit step failed'));
      }
    } catch (error) {
      if (delivery.attempt >= runtime.maxAttempts) {
        await deadLetter(delivery, (error as Error).message);
        return delivery.ack();
      }
      const delay = retryDelay(delivery.attempt, runtime.retryBaseMs);
      eventLog.warn({ err: error, attempt: delivery.attempt, retryInMs: delay }, 'event handling failed; will retry');
      delivery.retry(delay);
    }
  };

  const handleDeadLetter = async (delivery: Delivery, consumer: DeadLetterConsumer<Tx>) => {
    const record = delivery.data as { id?: string };
    try {
      await once(String(record.id), (tx) => consumer.handleDeadLetter(delivery.data, { tx, log }));
      delivery.ack();
    } catch (error) {
      log.warn({ err: error }, 'dead letter not recorded; will retry');
      delivery.retry(retryDelay(Math.min(delivery.attempt, 5), runtime.retryBaseMs));
    }
  };

  return runtime.bus.consume(stream, spec.name, (delivery) =>
    'handleDeadLetter' in spec ? handleDeadLetter(delivery, spec) : handleEvent(delivery, spec),
  );
}
