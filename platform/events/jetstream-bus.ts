/**
 * The event bus on NATS JetStream (NATS_URL). Streams `<NS>_EVENTS` (subjects `<ns>.events.<NAME>`)
 * and `<NS>_DEAD_LETTERS` (`<ns>.dlq.<consumer>`), where ns is EVENTS_NAMESPACE. Message id =
 * envelope id, so the server drops a republished event within the duplicate window. Durable
 * consumers with explicit acks, each filtered to its own events and kept at the config the code
 * declares (jetstream-consumers.ts); a nak with a delay is the retry. Live signals are core NATS
 * messages on `<ns>.live.<topic>`; listeners are core subscriptions, so every gateway replica
 * sees every event.
 *
 * The connection is made in the background and retried forever: a process starts, serves and
 * writes its outbox while NATS is down; publishing fails fast and the outbox relay retries.
 */
import {
  jetstream,
  jetstreamManager,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { connect, headers, nanos, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../logger.ts';
import {
  CONSUMER_DEFAULTS,
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
import { desiredConfig, reconcileConsumer, subjectFilter } from './jetstream-consumers.ts';
import { BusListeners } from './listeners.ts';

const REPLAY_HEADER = 'Doctorpy-Replay-For';
const DAY_NS = nanos(24 * 60 * 60 * 1000);
const PUBLISH_TIMEOUT_MS = 3_000;

interface Connected {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/**
 * Groups the messages of a pull consumer: the first one that arrives, then whatever else arrives
 * within `lingerMs`, up to `max`.
 */
async function* batches(messages: AsyncIterable<JsMsg>, { max, lingerMs }: BatchOptions): AsyncGenerator<JsMsg[]> {
  const iterator = messages[Symbol.asyncIterator]();
  let next = iterator.next();
  for (;;) {
    const first = await next;
    if (first.done) return;
    const taken = [first.value];
    next = iterator.next();
    const deadline = Date.now() + lingerMs;
    while (taken.length < max) {
      const more = await within(next, deadline - Date.now());
      if (!more || more.done) break; // a finished iterator ends the outer loop at its next turn
      taken.push(more.value);
      next = iterator.next();
    }
    yield taken;
  }
}

/** `promise`'s value if it settles within `ms`, else undefined (the promise is left running). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) return Promise.race([promise, Promise.resolve(undefined)]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The namespace's streams (stream names allow only letters, digits, `_` and `-`). */
export function jetStreamNames(namespace: string): Record<StreamName, string> {
  const prefix = namespace.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return { events: `${prefix}_EVENTS`, 'dead-letters': `${prefix}_DEAD_LETTERS` };
}

export class JetStreamBus implements EventBus {
  readonly kind = 'jetstream' as const;
  private readonly subjects: { events: string; deadLetters: string; live: string };
  private readonly streamNames: Record<StreamName, string>;
  private readonly connection: Promise<Connected>;
  private current: BusState = 'connecting';
  private closed = false;
  private readonly listeners = new BusListeners();
  private listening: Promise<void> | undefined;
  private readonly consumers = new Set<BusSubscription>();

  constructor(
    url: string,
    namespace: string,
    private readonly logger: Logger,
    /** Copies of each stream in a JetStream cluster (EVENTS_STREAM_REPLICAS); 1 on a single server. */
    private readonly replicas = 1,
  ) {
    this.subjects = { events: `${namespace}.events`, deadLetters: `${namespace}.dlq`, live: `${namespace}.live` };
    this.streamNames = jetStreamNames(namespace);
    this.connection = this.connect(url);
    // Nothing awaits the connection at start; make a failure visible without crashing the process.
    this.connection.catch((error: unknown) => {
      if (!this.closed) logger.error({ err: error }, 'event bus connection failed');
    });
  }

  private async connect(url: string): Promise<Connected> {
    let nc: NatsConnection | undefined;
    while (!nc) {
      if (this.closed) throw new Error('event bus closed before it connected');
      nc = await connect({ servers: url, name: 'doctorpy', maxReconnectAttempts: -1, reconnectTimeWait: 500 }).catch(async () => {
        this.setState('reconnecting');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return undefined;
      });
    }
    if (this.closed) {
      await nc.close();
      throw new Error('event bus closed before it connected');
    }
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') this.setState('reconnecting');
        if (status.type === 'reconnect') this.setState('connected');
      }
    })();
    const jsm = await jetstreamManager(nc);
    await this.ensureStream(jsm, this.streamNames.events, `${this.subjects.events}.>`, 7);
    await this.ensureStream(jsm, this.streamNames['dead-letters'], `${this.subjects.deadLetters}.>`, 30);
    this.setState('connected');
    return { nc, js: jetstream(nc), jsm };
  }

  private setState(state: BusState): void {
    if (this.closed || state === this.current) return;
    this.current = state;
    this.logger.info({ state }, 'event bus');
  }

  private async ensureStream(jsm: JetStreamManager, name: string, subject: string, days: number): Promise<void> {
    const config = {
      name,
      subjects: [subject],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      max_age: days * DAY_NS,
      duplicate_window: nanos(10 * 60 * 1000),
      num_replicas: this.replicas,
    };
    try {
      await jsm.streams.add(config);
    } catch (error) {
      // Already there (another process created it, or an older config): bring it in line.
      if (!(error instanceof JetStreamApiError)) throw error;
      await jsm.streams.update(name, config);
    }
  }

  /** Waits for the connection, but never longer than a publish may take. */
  private async ready(): Promise<Connected> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('event bus not connected')), PUBLISH_TIMEOUT_MS);
    });
    try {
      return await Promise.race([this.connection, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async publish(envelope: EventEnvelope, options: { replayFor?: string } = {}): Promise<void> {
    const { js } = await this.ready();
    const replay = options.replayFor;
    const messageHeaders = replay ? headers() : undefined;
    if (replay) messageHeaders!.set(REPLAY_HEADER, replay);
    await js.publish(`${this.subjects.events}.${envelope.name}`, JSON.stringify(envelope), {
      // A replay must not be dropped as a duplicate of the original.
      msgID: replay ? `${envelope.id}:replay:${Date.now()}` : envelope.id,
      timeout: PUBLISH_TIMEOUT_MS,
      ...(messageHeaders ? { headers: messageHeaders } : {}),
    });
  }

  async deadLetter(record: DeadLetterRecord): Promise<void> {
    const { js } = await this.ready();
    await js.publish(`${this.subjects.deadLetters}.${record.consumer}`, JSON.stringify(record), {
      msgID: record.id,
      timeout: PUBLISH_TIMEOUT_MS,
    });
  }

  consumeBatches(
    stream: StreamName,
    consumer: string,
    handle: (deliveries: Delivery[]) => Promise<void>,
    batch: BatchOptions,
    options: ConsumerOptions = {},
  ): BusSubscription {
    const state: { stopped: boolean; current?: { stop(): void } } = { stopped: false };
    const settings = { ...CONSUMER_DEFAULTS, ...options };
    const loop = (async () => {
      const { nc, js, jsm } = await this.connection;
      const prefix = stream === 'events' ? this.subjects.events : this.subjects.deadLetters;
      const filter = subjectFilter(prefix, stream === 'events' ? options.events : undefined, nc.info?.version);
      const desired = desiredConfig(consumer, filter, settings);
      if (filter.clientSide) {
        this.logger.debug(
          { consumer, server: nc.info?.version },
          'several filter subjects need NATS 2.10: skipping other events here',
        );
      }
      let reconciled = false;
      while (!state.stopped) {
        try {
          // The config is applied once per start; after an interruption the durable is only created again if it
          // went away, so a replica still running older code cannot undo a newer config during a rolling deploy.
          await reconcileConsumer(jsm, this.streamNames[stream], desired, this.logger, {
            onlyIfMissing: reconciled,
            serverVersion: nc.info?.version,
          });
          reconciled = true;
          const messages = await (
            await js.consumers.get(this.streamNames[stream], consumer)
          ).consume({ max_messages: Math.max(64, batch.max) });
          state.current = messages;
          for await (const received of batches(messages, batch)) {
            // Events of other kinds (a broker without multiple filter subjects) are settled here.
            const taken = filter.clientSide ? received.filter((message) => filter.clientSide!.has(message.subject)) : received;
            if (taken.length < received.length)
              for (const message of received) if (!filter.clientSide!.has(message.subject)) message.ack();
            if (!taken.length) continue;
            const settled = new Set<JsMsg>();
            const deliveries = taken.map((message): Delivery => {
              const replayFor = message.headers?.get(REPLAY_HEADER);
              return {
                data: message.json(),
                attempt: message.info.deliveryCount,
                ...(replayFor ? { replayFor } : {}),
                ack: () => {
                  settled.add(message);
                  message.ack();
                },
                retry: (delayMs) => {
                  settled.add(message);
                  message.nak(delayMs);
                },
              };
            });
            await handle(deliveries).catch((error: unknown) =>
              this.logger.error({ err: error, consumer }, 'event handler crashed'),
            );
            for (const message of taken) if (!settled.has(message)) message.nak(1_000);
          }
        } catch (error) {
          if (state.stopped) break;
          this.logger.warn({ err: error, consumer }, 'event consumer interrupted; resuming');
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
      }
    })().catch((error: unknown) => this.logger.error({ err: error, consumer }, 'event consumer stopped'));
    const subscription: BusSubscription = {
      stop: async () => {
        state.stopped = true;
        state.current?.stop();
        this.consumers.delete(subscription);
        // The loop ends once the message iterator closes; do not wait on a bus that never connected.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([loop, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
        // Cleared, or the process waits for it after a clean stop.
        clearTimeout(timer);
      },
    };
    this.consumers.add(subscription);
    return subscription;
  }

  publishLive(topic: string, data: unknown): void {
    // Fire and forget: a signal published while the connection closes (shutdown) is dropped, not thrown.
    void this.connection
      .then(({ nc }) => nc.publish(`${this.subjects.live}.${topic}`, JSON.stringify(data)))
      .catch((error: unknown) => this.logger.debug({ err: error, topic }, 'live signal dropped'));
  }

  listen(handler: (signal: BusSignal) => void): () => void {
    const remove = this.listeners.add(handler);
    this.listening ??= this.forwardToListeners();
    return remove;
  }

  /** Core subscriptions on events and live signals, shared by every listener of the process. */
  private async forwardToListeners(): Promise<void> {
    const { nc } = await this.connection;
    const forward = async (subject: string, channel: 'event' | 'live') => {
      for await (const message of nc.subscribe(`${subject}.>`)) {
        const data = message.json();
        const signal: BusSignal =
          channel === 'event' ? { channel, data } : { channel, topic: message.subject.slice(subject.length + 1), data };
        this.listeners.emit(signal);
      }
    };
    void forward(this.subjects.events, 'event');
    void forward(this.subjects.live, 'live');
  }

  state(): BusState {
    return this.current;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.current = 'closed';
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    // A bus still connecting gives up at its next attempt; a connected one drains.
    const connected = await Promise.race([this.connection, Promise.resolve(undefined)]).catch(() => undefined);
    await connected?.nc.drain().catch(() => undefined);
  }
}
