/**
 * Prometheus metrics. Each server (gateway or subgraph) has its own registry labelled with its
 * name, served with the process metrics (CPU, memory, event loop) collected once per process.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ErrorCode, overloadReason } from './errors.ts';

let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly operationDuration: Histogram<'operation' | 'type' | 'outcome'>;
  readonly errors: Counter<'code'>;
  readonly overloads: Counter<'reason'>;
  readonly dbStatements: Counter;
  readonly dbStatementKinds: Counter<'statement'>;
  readonly eventLag: Histogram<'consumer'>;
  readonly eventHandling: Histogram<'consumer'>;
  readonly deadLetters: Counter<'consumer'>;
  readonly outboxPending: Gauge;
  /** Counts the outbox rows not yet published, at scrape time (set by a subgraph that publishes). */
  outboxProbe: (() => Promise<number>) | undefined;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    this.operationDuration = new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'GraphQL operations by name, type and outcome',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.errors = new Counter({
      name: 'graphql_errors_total',
      help: 'Errors returned to clients, by code',
      labelNames: ['code'],
      registers: [this.registry],
    });
    this.overloads = new Counter({
      name: 'overload_errors_total',
      help: 'Errors answered SERVICE_UNAVAILABLE (503, retryable), by cause: transaction-start-timeout, transaction-timeout, pool-timeout, password-hashing, ...',
      labelNames: ['reason'],
      registers: [this.registry],
    });
    this.dbStatements = new Counter({
      name: 'db_statements_total',
      help: 'SQL statements sent by Prisma (BEGIN included)',
      registers: [this.registry],
    });
    this.dbStatementKinds = new Counter({
      name: 'db_statement_kinds_total',
      help: 'SQL statements sent by Prisma, by verb and table (platform/db/statement-label.ts)',
      labelNames: ['statement'],
      registers: [this.registry],
    });
    const eventBuckets = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30];
    this.eventLag = new Histogram({
      name: 'event_delivery_lag_seconds',
      help: 'Age of an event when a consumer received it (since it was staged in the outbox)',
      labelNames: ['consumer'],
      buckets: eventBuckets,
      registers: [this.registry],
    });
    this.eventHandling = new Histogram({
      name: 'event_handling_seconds',
      help: 'Time a consumer took to handle an event (its transaction included)',
      labelNames: ['consumer'],
      buckets: eventBuckets,
      registers: [this.registry],
    });
    this.deadLetters = new Counter({
      name: 'events_dead_lettered_total',
      help: 'Events a consumer gave up on (moved to the dead-letter stream), by consumer',
      labelNames: ['consumer'],
      registers: [this.registry],
    });
    const probe = () => this.outboxProbe?.();
    this.outboxPending = new Gauge({
      name: 'outbox_pending_events',
      help: 'Events committed in the outbox and not yet published to the bus',
      registers: [this.registry],
      async collect() {
        const pending = await probe()?.catch(() => Number.NaN);
        if (pending !== undefined) this.set(pending);
      },
    });
  }

  /** Process metrics then this service's (merging registries would drop the service label). */
  async render(): Promise<{ contentType: string; body: string }> {
    const body = `${await processMetrics().metrics()}\n${await this.registry.metrics()}`;
    return { contentType: this.registry.contentType, body };
  }

  /** Apollo Server plugin timing each operation and counting returned error codes. */
  plugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => {
        const stop = this.operationDuration.startTimer();
        return {
          willSendResponse: async ({ operationName, operation, errors }) => {
            for (const error of errors ?? []) {
              // A database overload is masked as SERVICE_UNAVAILABLE by formatError: counted under that code.
              const overload = overloadReason(unwrapResolverError(error)) ?? overloadReason(error);
              if (overload) this.overloads.inc({ reason: overload });
              this.errors.inc({ code: overload ? ErrorCode.SERVICE_UNAVAILABLE : String(error.extensions?.code ?? 'UNKNOWN') });
            }
            stop({
              operation: operationName ?? 'anonymous',
              type: operation?.operation ?? 'unknown',
              outcome: errors?.length ? 'error' : 'ok',
            });
          },
        };
      },
    };
  }
}
