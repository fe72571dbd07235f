/**
 * What a subgraph gets to publish and consume events: `transaction` to run a change whose events
 * go out once it has committed, `stage` inside it, `live` for instant signals; the relay and
 * consumers are started and stopped with the server.
 */
import type { Logger } from '../logger.ts';
import type { ServiceMetrics } from '../metrics.ts';
import { currentCorrelationId } from '../request-context.ts';
import type { Runtime } from '../runtime.ts';
import type { BusSubscription } from './bus.ts';
import { eventContract, type EventName, type EventPayload } from './catalog.ts';
import {
  startConsumer,
  type DeadLetterConsumer,
  type DeliveryInterceptor,
  type EventConsumer,
  type StatementConsumer,
} from './consumer.ts';
import type { DeclaredEvents } from './define.ts';
import { sealEnvelope, type EventEnvelope } from './envelope.ts';
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
  /**
   * The checked envelope of an event a subgraph writes itself, in one statement with its change
   * (`outboxInsert` of outbox-sql.ts in a data-modifying CTE: one round trip, no transaction).
   * Once that statement has committed with the event's row, hand it to `committed`.
   */
  envelope<N extends EventName>(name: N, payload: EventPayload<N>): EventEnvelope<N>;
  /** Events whose outbox rows a statement of the subgraph just committed: published now (the poll is the safety net). */
  committed(envelopes: EventEnvelope[]): void;
}

export interface SubgraphEventsOptions {
  /** The events the subgraph owns (its src/events/catalog.ts). */
  publishes: DeclaredEvents;
  consumers: Array<EventConsumer<never> | StatementConsumer<never> | DeadLetterConsumer<never>>;
}

/** Test hook shared by the process: lets a test make a delivery fail at a chosen stage. */
export const deliveryInterceptors = (runtime: Runtime): DeliveryInterceptor[] => runtime.shared('event-interceptors', () => []);

/**
 * The published contract must say what the subgraph declares (owner and current version), or the
 * consumers would judge its events by another contract: a stale schema/events.json stops the start.
 */
function checkAgainstContract(subgraph: string, owned: DeclaredEvents): void {
  const { events } = eventContract.contract;
  const problems = [
    ...Object.values(owned)
      .filter((event) => events[event.name]?.owner !== subgraph || events[event.name]?.version !== event.version)
      .map((event) => `${event.name} v${event.version}`),
    ...Object.entries(events)
      .filter(([name, event]) => event.owner === subgraph && !Object.hasOwn(owned, name))
      .map(([name]) => `${name} (no longer declared)`),
  ];
  if (problems.length)
    throw new Error(
      `schema/events.json does not match what ${subgraph} declares (${problems.join(', ')}): run \`npm run compose\``,
    );
}

export function subgraphEvents(
  subgraph: string,
  runtime: Runtime,
  logger: Logger,
  metrics: ServiceMetrics,
  owned: DeclaredEvents = {},
): SubgraphEvents & {
  /** `schema`: the Postgres schema of the subgraph's tables (default `public`: a database of its own). */
  start(db: unknown, consumers: SubgraphEventsOptions['consumers'], schema?: string): void;
  stop(): Promise<void>;
} {
  checkAgainstContract(subgraph, owned);
  const publishes = Object.keys(owned).length > 0;
  const bus = runtime.eventBus();
  let relay: OutboxRelay | undefined;
  let subscriptions: BusSubscription[] = [];

  const envelope = <N extends EventName>(name: N, payload: EventPayload<N>): EventEnvelope<N> => {
    const declared = owned[name];
    if (!declared) throw new Error(`${subgraph} does not declare ${name} in its src/events/catalog.ts`);
    const checked = declared.payload.parse(payload) as EventPayload<N>;
    return sealEnvelope(name, declared.version, checked, subgraph, currentCorrelationId());
  };

  return {
    envelope,
    async stage(tx, name, payload) {
      return stageEvent(tx, envelope(name, payload));
    },
    committed(envelopes) {
      if (envelopes.length) relay?.publishCommitted(envelopes);
    },
    async transaction(db, work) {
      const { result, staged } = await stagingTransaction(db, work);
      if (staged.length) relay?.publishCommitted(staged);
      return result;
    },
    live: (topic, data) => bus.publishLive(topic, data),
    start(db, consumers, schema) {
      if (publishes) {
        relay = new OutboxRelay(
          db as OutboxStore,
          bus,
          subgraph,
          logger.child({ component: 'outbox' }),
          runtime.env.OUTBOX_POLL_MS,
        );
        relay.start();
        const outbox = (db as { outboxEvent: { count(args: { where: { publishedAt: null } }): Promise<number> } }).outboxEvent;
        metrics.outboxProbe = () => outbox.count({ where: { publishedAt: null } });
      }
      const consumerRuntime = {
        bus,
        logger,
        maxAttempts: runtime.env.EVENT_MAX_ATTEMPTS,
        retryBaseMs: runtime.env.EVENT_RETRY_BASE_MS,
        interceptors: deliveryInterceptors(runtime),
        ...(schema ? { schema } : {}),
        publishCommitted: (envelopes: EventEnvelope[]) => relay?.publishCommitted(envelopes),
        observe: (consumer: string, lagMs: number, handlingMs: number) => {
          metrics.eventLag.observe({ consumer }, lagMs / 1000);
          metrics.eventHandling.observe({ consumer }, handlingMs / 1000);
        },
        deadLettered: (consumer: string) => metrics.deadLetters.inc({ consumer }),
      };
      subscriptions = consumers.map((consumer) => startConsumer(consumer, db as TransactionalDb<never>, consumerRuntime));
    },
    async stop() {
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
      await relay?.stop();
    },
  };
}
