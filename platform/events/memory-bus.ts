/**
 * The in-process bus of the embedded mode: the same contract as JetStream as far as one process
 * allows. Events are kept in a bounded log that every consumer reads from the start (like a
 * JetStream consumer with DeliverPolicy.All) and takes only the events it names, duplicates by id
 * are dropped, failed deliveries are retried after their delay without blocking the others. What is published but not yet consumed
 * does not survive a restart; what is not yet published stays in each subgraph's outbox.
 */
import {
  type BatchOptions,
  type BusSignal,
  type BusState,
  type BusSubscription,
  type ConsumerOptions,
  type DeadLetterRecord,
  type Delivery,
  type EventBus,
  type StreamName,
} from './bus.ts';
import type { EventEnvelope } from './envelope.ts';
import { BusListeners } from './listeners.ts';

const LOG_LIMIT = 50_000;

interface Entry {
  data: unknown;
  id: string;
  replayFor?: string;
}

class StreamLog {
  readonly entries: Entry[] = [];
  /** Entries dropped from the front when the log is full. */
  dropped = 0;
  private readonly ids = new Set<string>();
  private readonly waiters = new Set<() => void>();

  append(entry: Entry, dedupe: boolean): void {
    if (dedupe && this.ids.has(entry.id)) return;
    this.ids.add(entry.id);
    this.entries.push(entry);
    if (this.entries.length > LOG_LIMIT) {
      const removed = this.entries.shift()!;
      this.ids.delete(removed.id);
      this.dropped += 1;
    }
    for (const wake of this.waiters) wake();
  }

  onAppend(wake: () => void): () => void {
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }
}

interface Pending {
  entry: Entry;
  attempt: number;
  notBefore: number;
}

class MemoryConsumer implements BusSubscription {
  private offset = 0;
  private readonly retries: Pending[] = [];
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly unsubscribe: () => void;
  private readonly done: Promise<void>;

  constructor(
    private readonly log: StreamLog,
    private readonly handle: (deliveries: Delivery[]) => Promise<void>,
    private readonly batch: BatchOptions,
    /** The event names taken; undefined: all. */
    private readonly events: ReadonlySet<string> | undefined,
  ) {
    this.unsubscribe = log.onAppend(() => this.wake?.());
    this.done = this.run();
  }

  private next(): Pending | undefined {
    const now = Date.now();
    const due = this.retries.findIndex((pending) => pending.notBefore <= now);
    if (due >= 0) return this.retries.splice(due, 1)[0];
    for (let position = Math.max(this.offset - this.log.dropped, 0); position < this.log.entries.length; position += 1) {
      this.offset = this.log.dropped + position + 1;
      const entry = this.log.entries[position]!;
      if (this.takes(entry)) return { entry, attempt: 1, notBefore: now };
    }
    return undefined;
  }

  private takes(entry: Entry): boolean {
    return !this.events || this.events.has(String((entry.data as { name?: unknown } | null)?.name));
  }

  /** The first due delivery, then (batches) whatever else is due within the linger time. */
  private async take(first: Pending): Promise<Pending[]> {
    const taken = [first];
    if (this.batch.max > 1 && this.batch.lingerMs > 0) await new Promise((resolve) => setTimeout(resolve, this.batch.lingerMs));
    while (taken.length < this.batch.max) {
      const more = this.next();
      if (!more) break;
      taken.push(more);
    }
    return taken;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const first = this.next();
      if (!first) {
        const soonest = Math.min(...this.retries.map((retry) => retry.notBefore));
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          if (Number.isFinite(soonest)) setTimeout(resolve, Math.max(0, soonest - Date.now()));
        });
        continue;
      }
      const taken = await this.take(first);
      const outcomes = new Map<Pending, 'ack' | number>();
      await this.handle(
        taken.map((pending) => ({
          data: pending.entry.data,
          attempt: pending.attempt,
          ...(pending.entry.replayFor ? { replayFor: pending.entry.replayFor } : {}),
          ack: () => void outcomes.set(pending, 'ack'),
          retry: (delayMs) => void outcomes.set(pending, delayMs),
        })),
      ).catch(() => undefined);
      for (const pending of taken) {
        const outcome = outcomes.get(pending) ?? 1_000;
        if (outcome !== 'ack')
          this.retries.push({ entry: pending.entry, attempt: pending.attempt + 1, notBefore: Date.now() + outcome });
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.wake?.();
    await this.done;
  }
}

export class MemoryBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly streams: Record<StreamName, StreamLog> = { events: new StreamLog(), 'dead-letters': new StreamLog() };
  private readonly listeners = new BusListeners();
  private readonly consumers = new Set<MemoryConsumer>();
  private closed = false;

  async publish(envelope: EventEnvelope, options: { replayFor?: string } = {}): Promise<void> {
    const data = JSON.parse(JSON.stringify(envelope)) as unknown;
    this.streams.events.append(
      { id: envelope.id, data, ...(options.replayFor ? { replayFor: options.replayFor } : {}) },
      !options.replayFor,
    );
    this.emit({ channel: 'event', data });
  }

  async deadLetter(record: DeadLetterRecord): Promise<void> {
    this.streams['dead-letters'].append({ id: record.id, data: record }, true);
  }

  consumeBatches(
    stream: StreamName,
    _consumer: string,
    handle: (deliveries: Delivery[]) => Promise<void>,
    batch: BatchOptions,
    options: ConsumerOptions = {},
  ): BusSubscription {
    // Ack wait and pending limits mean nothing in one process: a delivery is settled or retried by its handler.
    const events = stream === 'events' && options.events?.length ? new Set(options.events) : undefined;
    const consumer = new MemoryConsumer(this.streams[stream], handle, batch, events);
    this.consumers.add(consumer);
    return {
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.stop();
      },
    };
  }

  publishLive(topic: string, data: unknown): void {
    this.emit({ channel: 'live', topic, data });
  }

  listen(handler: (signal: BusSignal) => void): () => void {
    return this.listeners.add(handler);
  }

  state(): BusState {
    return this.closed ? 'closed' : 'connected';
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
  }

  private emit(signal: BusSignal): void {
    // Listeners run after the publisher's current work, as a network hop would.
    queueMicrotask(() => this.listeners.emit(signal));
  }
}
