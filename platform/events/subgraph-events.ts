/**
 * What a subgraph gets to publish and consume events: `stage` inside its transactions, `dispatch`
 * after the commit, `live` for instant signals; the relay and consumers are started and stopped
 * with the server.
 */
import type { Logger } from '../logger.ts';
import type { Runtime } from '../runtime.ts';
import type { BusSubscription } from './bus.ts';
import { eventCatalog, type EventName, type EventPayload } from './catalog.ts';
import {
  startConsumer,
  type DeadLetterConsumer,
  type DeliveryInterceptor,
  type EventConsumer,
  type TransactionalDb,
} from './consumer.ts';
import type { EventEnvelope } from './envelope.ts';
import { OutboxRelay, stageEvent, type OutboxStore, type OutboxWriter } from './outbox.ts';

export interface SubgraphEvents {
  /** Writes the event in `tx`: it is published if and only if the transaction commits. */
  stage<N extends EventName>(tx: OutboxWriter, name: N, payload: EventPayload<N>): Promise<EventEnvelope<N>>;
  /** Publishes what was staged, now rather than at the next poll (call after the commit). */
  dispatch(): void;
  /** Awaits a transaction that staged events, then dispatches them: `dispatchAfter(db.$transaction(...))`. */
  dispatchAfter<T>(transaction: Promise<T>): Promise<T>;
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
    dispatch: () => relay?.kick(),
    async dispatchAfter(transaction) {
      const result = await transaction;
      relay?.kick();
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
        relayNow: () => relay?.kick(),
      };
      subscriptions = consumers.map((consumer) => startConsumer(consumer, db as TransactionalDb<never>, consumerRuntime));
    },
    async stop() {
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
      await relay?.stop();
    },
  };
}
