/**
 * What a subgraph gets to publish and consume events: `transaction` to run a change whose events
 * go out once it has committed, `stage` inside it, `live` for instant signals; the relay and
 * consumers are started and stopped with the server.
 */
import type { Logger } from '../logger.ts';
import type { ServiceMetrics } from '../metrics.ts';
import type { Runtime } from '../runtime.ts';
import type { BusSubscription } from './bus.ts';
import { eventCatalog, type EventName, type EventPayload } from './catalog.ts';
import { startConsumer, type DeadLetterConsumer, type DeliveryInterceptor, type EventConsumer } from './consumer.ts';
import type { EventEnvelope } from './envelope.ts';
import {
  OutboxRelay,
  stageEvent,
  stagingTransaction,
  type OutboxStore,
  type OutboxWriter,
  type TransactionalDb,
} from './outbox.ts';

export interface SubgraphEvents {
  /** Writes the event in `tx`: it exists, and is published, if and only if the transaction commits. */
  stage<N extends EventName>(tx: OutboxWriter, name: N, payload: EventPayload<N>): Promise<EventEnvelope<N>>;
  /**
   * Runs `work` in a transaction of `db` and publishes the events it staged as soon as it has
   * committed: `events.transaction(this.db, async (tx) => { ...; await events.stage(tx, ...); })`.
   */
  transaction<Tx, T>(db: TransactionalDb<Tx>, work: (tx: Tx) => Promise<T>): Promise<T>;
  /** A fire-and-forget signal for live subscribers (never stored, never redelivered). */
  live(topic: string, data: unknown): void;
}

export interface SubgraphEventsOptions {
  publishes: readonly EventName[];
  consumers: Array<EventConsumer<never> | DeadLetterConsumer<never>>;
}

/** Test hook shared by the process: lets a test make a delivery fail at a chosen stage. */
export const deliveryInterceptors = (runtime: Runtime): DeliveryInterceptor[] => runtime.shared('event-interceptors', () => []);

export function subgraphEvents(
  subgraph: string,
  runtime: Runtime,
  logger: Logger,
  metrics: ServiceMetrics,
  publishes: readonly EventName[],
): SubgraphEvents & { start(db: unknown, consumers: SubgraphEventsOptions['consumers']): void; stop(): Promise<void> } {
  const wrongOwner = publishes.filter((name) => eventCatalog[name].owner !== subgraph);
  if (wrongOwner.length)
    throw new Error(`${subgraph} cannot publish ${wrongOwner.join(', ')}: the catalog gives them to another subgraph`);
  const bus = runtime.eventBus();
  let relay: OutboxRelay | undefined;
  let subscriptions: BusSubscription[] = [];

  return {
    async stage(tx, name, payload) {
      if (!publishes.includes(name)) throw new Error(`${subgraph} does not declare that it publishes ${name}`);
      return stageEvent(tx, subgraph, name, payload);
    },
    async transaction(db, work) {
      const { result, staged } = await stagingTransaction(db, work);
      if (staged.length) relay?.publishCommitted(staged);
      return result;
    },
    live: (topic, data) => bus.publishLive(topic, data),
    start(db, consumers) {
      if (publishes.length) {
        relay = new OutboxRelay(
          db as OutboxStore,
          bus,
          subgraph,
          logger.child({ component: 'outbox' }),
          runtime.env.OUTBOX_POLL_MS,
        );
        relay.start();
      }
      const consumerRuntime = {
        bus,
        logger,
        maxAttempts: runtime.env.EVENT_MAX_ATTEMPTS,
        retryBaseMs: runtime.env.EVENT_RETRY_BASE_MS,
        interceptors: deliveryInterceptors(runtime),
        publishCommitted: (envelopes: EventEnvelope[]) => relay?.publishCommitted(envelopes),
        observe: (consumer: string, lagMs: number, handlingMs: number) => {
          metrics.eventLag.observe({ consumer }, lagMs / 1000);
          metrics.eventHandling.observe({ consumer }, handlingMs / 1000);
        },
      };
      subscriptions = consumers.map((consumer) => startConsumer(consumer, db as TransactionalDb<never>, consumerRuntime));
    },
    async stop() {
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
      await relay?.stop();
    },
  };
}
