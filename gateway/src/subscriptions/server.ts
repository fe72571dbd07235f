/**
 * GraphQL over WebSocket (the graphql-ws protocol) on the gateway's /graphql, same port and path
 * as HTTP. Every operation a socket sends is a request like an HTTP one: its context comes from
 * the request pipeline (token check, rate limit, client address, request id) and it runs through
 * Apollo (limits, validation, metrics, logging). @apollo/gateway cannot execute subscriptions, so:
 *  - connection_init carries the token ({ "authorization": "Bearer ..." }); it is verified there,
 *    again for every operation and before every delivery (an expired or revoked session closes
 *    the socket, 4401);
 *  - a subscription is admitted by its field's @live declaration (declarations.ts), then waits on
 *    the live feed;
 *  - each event that concerns the subscriber is answered by running the subscriber's selection
 *    on the declared query field through the gateway (rewrite.ts), with the subscriber's token, so
 *    fields of every subgraph resolve and every subgraph applies its own authorization;
 *  - closing the socket returns every iterator at once, which unsubscribes from the feed.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { ApolloServer, GraphQLRequest } from '@apollo/server';
import { useServer } from 'graphql-ws/use/ws';
import {
  GraphQLError,
  getOperationAST,
  getVariableValues,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { Gauge, Histogram } from 'prom-client';
import { WebSocketServer } from 'ws';
import { AppError, ErrorCode, badInput, formatError } from '#platform/errors.ts';
import { causeOf, learnerFirst } from '#platform/learner-first.ts';
import type { Logger } from '#platform/logger.ts';
import type { ServiceMetrics } from '#platform/metrics.ts';
import type { GatewayContext, SocketOperation } from '../context.ts';
import type { OperationOrigin, RequestPipeline } from '../request-pipeline.ts';
import { AsyncQueue } from './async-queue.ts';
import type { LiveField } from './declarations.ts';
import type { LiveFeed } from './live-feed.ts';
import { prepareSubscription, probeQuery, type PreparedSubscription } from './rewrite.ts';

const MAX_SUBSCRIPTIONS_PER_SOCKET = 50;
const CLOSE_UNAUTHORIZED = 4401;
/** Errors of a declaration's check query that refuse the subscription (others, like an unavailable subgraph, do not). */
const REFUSING_CODES = new Set<unknown>([
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.FORBIDDEN,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.NOT_FOUND,
]);

interface Connection {
  socket: { close(code: number, reason: string): void };
  clientAddress: string | undefined;
  authorization?: string;
  active: number;
}

interface Admitted {
  prepared: PreparedSubscription;
  field: LiveField;
  operationName: string | undefined;
  context: GatewayContext;
}

/** What onSubscribe hands to graphql-ws' execute / subscribe. */
type SocketContext = { connection: Connection; result: ExecutionResult } | { connection: Connection; live: Admitted };

export interface SubscriptionServerOptions {
  httpServer: Server;
  apollo: ApolloServer<GatewayContext>;
  /** The supergraph's API schema and its served Subscription fields, once the gateway has loaded them. */
  apiSchema: () => GraphQLSchema | undefined;
  liveFields: () => ReadonlyMap<string, LiveField>;
  feed: LiveFeed;
  pipeline: RequestPipeline;
  logger: Logger;
  metrics: ServiceMetrics;
  maskUnexpected: boolean;
}

/** graphql-ws serialises errors with toJSON(): give it GraphQLErrors, not formatted objects. */
const asErrors = (errors: readonly GraphQLFormattedError[] | undefined) =>
  errors?.map((error) => new GraphQLError(error.message, { path: error.path, extensions: error.extensions }));

/** Each operation of a socket, and each delivery, is a request of its own. */
const originOf = (connection: Connection): OperationOrigin => ({
  transport: 'ws',
  requestId: randomUUID(),
  authorization: connection.authorization,
  clientAddress: connection.clientAddress,
});

const isUnauthenticated = (error: unknown) =>
  error instanceof GraphQLError && error.extensions?.code === ErrorCode.UNAUTHENTICATED;

export function attachSubscriptions(options: SubscriptionServerOptions): { close(): Promise<void> } {
  const { apollo, feed, pipeline, logger } = options;
  const active = new Gauge({
    name: 'graphql_subscriptions_active',
    help: 'Subscriptions currently open on this gateway',
    registers: [options.metrics.registry],
  });
  // Where a push spends its time: `lag` from the event's staging to its arrival here, `queued`
  // behind the subscription's earlier pushes, `answer` checking the token and running the query.
  const deliveryPhases = new Histogram({
    name: 'graphql_subscription_delivery_seconds',
    help: 'Phases of a subscription push, by field: lag (event staged to received), queued, answer',
    labelNames: ['field', 'phase'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [options.metrics.registry],
  });

  /** An error raised before Apollo had the operation, formatted as Apollo would (masked, no http extension). */
  const socketError = (error: unknown): GraphQLError => {
    const graphqlError =
      error instanceof GraphQLError ? error : new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
    if (!(error instanceof GraphQLError)) logger.error({ err: error }, 'graphql-ws operation failed');
    const { extensions, message } = formatError(graphqlError.toJSON(), error, { maskUnexpected: options.maskUnexpected });
    const { http: _http, ...visible } = extensions ?? {};
    return new GraphQLError(message, { extensions: visible });
  };

  /** Runs an operation through Apollo with a context the pipeline built. */
  const execute = async (context: GatewayContext, request: GraphQLRequest): Promise<ExecutionResult> => {
    const response = await pipeline.run(context, () => apollo.executeOperation(request, { contextValue: context }));
    if (response.body.kind !== 'single') return { errors: [badInput('Incremental delivery is not supported')] };
    const { data, errors } = response.body.singleResult;
    return { data: data ?? null, ...(errors ? { errors: asErrors(errors) } : {}) } as ExecutionResult;
  };

  /** The token may expire or be revoked while the socket is open: each delivery verifies it again. */
  const followUp = async (connection: Connection): Promise<GatewayContext | undefined> => {
    try {
      return await pipeline.followUp(originOf(connection));
    } catch {
      connection.socket.close(CLOSE_UNAUTHORIZED, 'Session expired or revoked: reconnect with a fresh token');
      return undefined;
    }
  };

  /** A declaration may ask to run its query once: the query's own argument checks refuse bad subscriptions. */
  const check = async (admitted: Admitted, schema: GraphQLSchema) => {
    const { prepared, field, context } = admitted;
    const probe = probeQuery(schema, field.answer(undefined, prepared.args, context.viewer));
    const result = await execute({ ...context, socket: undefined }, probe);
    const refusal = result.errors?.find((error) => REFUSING_CODES.has(error.extensions?.code));
    if (refusal) throw refusal;
  };

  /** Checks a subscription before it starts: variables, field, its declaration's rules, the per-socket limit. */
  const admit = async (
    connection: Connection,
    context: GatewayContext,
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
  ): Promise<Admitted> => {
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) throw badInput(coerced.errors[0]!.message);
    const prepared = prepareSubscription(schema, document, operation, coerced.coerced);
    const field = options.liveFields().get(prepared.fieldName);
    if (!field) throw badInput(`${prepared.fieldName} is not served by this gateway`);
    field.authorize(context.viewer, prepared.args);
    if (connection.active >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
      throw new AppError(ErrorCode.RATE_LIMITED, `At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection`);
    }
    const admitted = { prepared, field, operationName: operation.name?.value, context };
    if (field.declaration.check) await check(admitted, schema);
    return admitted;
  };

  const subscribe = (socketContext: SocketContext): AsyncIterable<ExecutionResult> => {
    const { connection, live } = socketContext as Extract<SocketContext, { live: Admitted }>;
    const { prepared, field, operationName, context } = live;
    let chain = Promise.resolve();
    let pending = false;
    const phase = (name: 'lag' | 'queued' | 'answer', ms: number) =>
      deliveryPhases.observe({ field: prepared.fieldName, phase: name }, Math.max(0, ms) / 1000);
    const deliver = async (data: unknown, receivedAt: number) => {
      const started = performance.now();
      phase('queued', started - receivedAt);
      const delivery = await followUp(connection);
      if (!delivery) return;
      const { query, variables } = prepared.buildQuery(field.answer(data, prepared.args, delivery.viewer));
      queue.push(
        await execute({ ...delivery, liveDelivery: true }, { query, variables, ...(operationName ? { operationName } : {}) }),
      );
      phase('answer', performance.now() - started);
    };
    const unsubscribe = feed.subscribe(field.trigger, (data) => {
      if (!field.concerns(data, prepared.args, context.viewer)) return;
      if (field.declaration.coalesce) {
        if (pending) return;
        pending = true;
      }
      // Measured for the events that make a push (a coalesced one joins the push already pending).
      const receivedAt = performance.now();
      const stagedAt = Date.parse((data as { occurredAt?: string } | null)?.occurredAt ?? '');
      if (Number.isFinite(stagedAt)) phase('lag', Date.now() - stagedAt);
      // The push goes before the background work of the same cause (platform/learner-first.ts).
      const cause = causeOf(data);
      const end = cause ? learnerFirst.begin(cause, 'learner') : undefined;
      // One delivery at a time per subscription: results arrive in event order.
      chain = chain
        .then(() => {
          pending = false;
          return deliver(data, receivedAt);
        })
        .catch((error: unknown) => logger.error({ err: error, field: prepared.fieldName }, 'subscription delivery failed'))
        .finally(end);
    });
    connection.active += 1;
    active.inc();
    const queue = new AsyncQueue<ExecutionResult>(() => {
      unsubscribe();
      connection.active -= 1;
      active.dec();
    });
    return queue;
  };

  const wss = new WebSocketServer({ server: options.httpServer, path: '/graphql' });
  const server = useServer(
    {
      async onConnect(ctx) {
        const params = ctx.connectionParams ?? {};
        const raw = params.authorization ?? params.Authorization ?? (params.token ? `Bearer ${String(params.token)}` : undefined);
        const connection: Connection = {
          socket: ctx.extra.socket,
          clientAddress: pipeline.clientAddress(ctx.extra.request as IncomingMessage),
          active: 0,
        };
        if (typeof raw === 'string') {
          connection.authorization = raw;
          try {
            await pipeline.followUp(originOf(connection));
          } catch {
            return false; // graphql-ws closes with 4403 Forbidden
          }
        }
        Object.assign(ctx.extra, { connection });
        return true;
      },
      async onSubscribe(ctx, _id, payload) {
        const schema = options.apiSchema();
        if (!schema) return [new AppError(ErrorCode.SUBGRAPH_UNAVAILABLE, 'The schema is not loaded yet')];
        const { connection } = ctx.extra as unknown as { connection: Connection };
        let context: GatewayContext;
        try {
          context = await pipeline.admit(originOf(connection));
        } catch (error) {
          if (isUnauthenticated(error) && connection.authorization)
            connection.socket.close(CLOSE_UNAUTHORIZED, 'Session expired or revoked: reconnect with a fresh token');
          return [socketError(error)];
        }
        let live: Admitted | undefined;
        const socket: SocketOperation = {
          async admitSubscription(document, operation, variables) {
            live = await admit(connection, context, schema, document, operation, variables);
          },
        };
        context.socket = socket;
        const result = await execute(context, {
          query: payload.query,
          variables: payload.variables ?? {},
          ...(payload.operationName ? { operationName: payload.operationName } : {}),
          ...(payload.extensions ? { extensions: payload.extensions } : {}),
        });
        const document = socket.document;
        const operation = document && getOperationAST(document, payload.operationName);
        // Not parsed, not valid, or a subscription refused: the protocol's `error` message.
        if (!document || !operation || (operation.operation === 'subscription' && !live)) {
          return result.errors?.length ? result.errors : [badInput('Unknown operation')];
        }
        const contextValue: SocketContext = live ? { connection, live } : { connection, result };
        return {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? {},
          contextValue,
        };
      },
      subscribe: (args) => subscribe(args.contextValue as SocketContext),
      // Queries and mutations ran in onSubscribe already, through Apollo.
      execute: (args) => (args.contextValue as Extract<SocketContext, { result: ExecutionResult }>).result,
    },
    wss,
  );

  return {
    async close() {
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
