/**
 * The event bus: NATS JetStream when NATS_URL is set, an in-process equivalent otherwise.
 *
 * - `events`: durable stream of domain events. `publish` is idempotent by envelope id (JetStream
 *   drops a duplicate message id); each named consumer gets every event it takes (all of them
 *   unless it names some), redelivered until acked.
 * - `dead-letters`: events a consumer gave up on, with the reason; kept for admins and replay.
 * - live signals: fire-and-forget notices for this instant (subscription fan-out); every process
 *   that `listen`s receives events and signals as they pass.
 */
import type { EventEnvelope } from './envelope.ts';

export type StreamName = 'events' | 'dead-letters';

export interface DeadLetterRecord {
  id: string;
  consumer: string;
  reason: string;
  attempts: number;
  failedAt: string;
  /** The envelope as received (it may be the very thing that was invalid). */
  event: unknown;
}

export interface Delivery {
  data: unknown;
  /** 1 for the first delivery. */
  attempt: number;
  /** Set on a replay aimed at one consumer; the others ignore it. */
  replayFor?: string;
  ack(): void;
  retry(delayMs: number): void;
}

/** How a batch consumer is fed: up to `max` deliveries, waiting up to `lingerMs` after the first for more. */
export interface BatchOptions {
  max: number;
  lingerMs: number;
}

/** What `consumeEach` is: one delivery at a time. */
export const ONE_AT_A_TIME: BatchOptions = { max: 1, lingerMs: 0 };

/** What a durable consumer takes and how its deliveries are paced; a change applies to the existing durable. */
export interface ConsumerOptions {
  /** Event names taken from the `events` stream (none: every event); the others never reach `handle`. */
  events?: readonly string[];
  /** How long a delivery may stay unsettled before it is redelivered (default 30 s). */
  ackWaitMs?: number;
  /** Deliveries handed out and not yet settled, at most (default 1000). */
  maxAckPending?: number;
}

export const CONSUMER_DEFAULTS = { ackWaitMs: 30_000, maxAckPending: 1_000 } as const;

export type BusSignal = { channel: 'event'; data: unknown } | { channel: 'live'; topic: string; data: unknown };

export interface BusSubscription {
  stop(): Promise<void>;
}

export type BusState = 'connected' | 'connecting' | 'reconnecting' | 'closed';

export interface EventBus {
  readonly kind: 'jetstream' | 'in-process';
  publish(envelope: EventEnvelope, options?: { replayFor?: string }): Promise<void>;
  deadLetter(record: DeadLetterRecord): Promise<void>;
  /**
   * Deliveries handed over `batch.max` at a time (each settled on its own); a delivery still
   * unsettled when `handle` resolves is retried.
   */
  consumeBatches(
    stream: StreamName,
    consumer: string,
    handle: (deliveries: Delivery[]) => Promise<void>,
    batch: BatchOptions,
    options?: ConsumerOptions,
  ): BusSubscription;
  publishLive(topic: string, data: unknown): void;
  listen(handler: (signal: BusSignal) => void): () => void;
  state(): BusState;
  close(): Promise<void>;
}

/** One delivery at a time, on either bus. */
export function consumeEach(
  bus: EventBus,
  stream: StreamName,
  consumer: string,
  handle: (delivery: Delivery) => Promise<void>,
  options?: ConsumerOptions,
): BusSubscription {
  return bus.consumeBatches(stream, consumer, ([delivery]) => handle(delivery!), ONE_AT_A_TIME, options);
}
