/**
 * Subscriptions over the graphql-ws protocol on the gateway's /graphql (same port, same path as
 * HTTP). @apollo/gateway cannot execute subscriptions, so:
 *  - connection_init carries the token ({ "authorization": "Bearer ..." }); it is verified once
 *    there and again before every delivery (an expired or revoked session closes the socket, 4401);
 *  - a subscription is validated against the supergraph's API schema and authorized by its field
 *    rules (fields.ts), then waits on the live feed;
 *  - each event that concerns the subscriber is answered by running the subscriber's selection
 *    through the gateway as a query (rewrite.ts), with the subscriber's token, so fields of every
 *    subgraph resolve and every subgraph applies its own authorization;
 *  - closing the socket returns every iterator at once, which unsubscribes from the feed.
 * Queries and mutations sent over the socket run through the same Apollo pipeline as HTTP.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { useServer } from 'graphql-ws/use/ws';
import {
  GraphQLError,
  getOperationAST,
  getVariableValues,
  parse,
  print,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { Gauge } from 'prom-client';
import { WebSocketServer } from 'ws';
import { viewerFromAuthorization, type TokenVerifier } from '#platform/auth/tokens.ts';
import type { Viewer } from '#platform/auth/viewer.ts';
import { AppError, ErrorCode } from '#platform/errors.ts';
import type { Logger } from '#platform/logger.ts';
import type { ServiceMetrics } from '#platform/metrics.ts';
import type { GatewayContext } from '../context.ts';
import { AsyncQueue } from './async-queue.ts';
import { liveFields, type LiveField } from './fields.ts';
import type { LiveFeed } from './live-feed.ts';
import { prepareSubscription, type PreparedSubscription } from './rewrite.ts';

const MAX_SUBSCRIPTIONS_PER_SOCKET = 50;
const CLOSE_UNAUTHORIZED = 4401;

interface Connection {
  socket: { close(code: number, reason: string): void };
  clientAddress: string | undefined;
  authorization?: string;
  viewer?: Viewer;
  active: number;
}

interface Admitted {
  prepared: PreparedSubscription;
  field: LiveField;
  operationName: string | undefined;
}

interface SocketContext {
  connection: Connection;
  /** For subscriptions: what `onSubscribe` admitted. */
  live?: Admitted;
}

export interface SubscriptionServerOptions {
  httpServer: Server;
  apollo: ApolloServer<GatewayContext>;
  /** The supergraph's API schema, once the gateway has loaded it. */
  apiSchema: () => GraphQLSchema | undefined;
  feed: LiveFeed;
  verifier: TokenVerifier;
  validationRules: ValidationRule[];
  logger: Logger;
  metrics: ServiceMetrics;
}

/** graphql-ws serialises errors with toJSON(): give it GraphQLErrors, not formatted objects. */
const asErrors = (errors: readonly GraphQLFormattedError[] | undefined) =>
  errors?.map((error) => new GraphQLError(error.message, { path: error.path, extensions: error.extensions }));

/** A coded error as is; anything else becomes an opaque internal error. */
const asGraphQLError = (error: unknown): GraphQLError =>
  error instanceof GraphQLError ? error : new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');

/**
 * Checks a subscription before it starts: variables, field, the field's own authorization, the
 * per-socket limit. A failure becomes the protocol's `error` message for that subscription.
 */
const admit = (
  connection: Connection,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Admitted => {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw coerced.errors[0]!;
  const prepared = prepareSubscription(schema, document, operation, coerced.coerced);
  const field = liveFields[prepared.fieldName];
  if (!field) throw new AppError(ErrorCode.BAD_USER_INPUT, `${prepared.fieldName} is not served by this gateway`);
  field.authorize(connection.viewer, prepared.args);
  if (connection.active >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
    throw new AppError(ErrorCode.RATE_LIMITED, `At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection`);
  }
  return { prepared, field, operationName: operation.name?.value };
};

export function attachSubscriptions(options: SubscriptionServerOptions): { close(): Promise<void> } {
  const { apollo, feed, verifier, logger } = options;
  const active = new Gauge({
    name: 'graphql_subscriptions_active',
    help: 'Subscriptions currently open on this gateway',
    registers: [options.metrics.registry],
  });

  /** Runs an operation through the gateway on behalf of a socket's user. */
  const run = async (
    connection: Connection,
    query: string,
    variables: Record<string, unknown>,
    operationName?: string | null,
  ) => {
    const requestId = randomUUID();
    const response = await apollo.executeOperation(
      { query, variables, ...(operationName ? { operationName } : {}) },
      {
        contextValue: {
          requestId,
          authorization: connection.authorization,
          viewer: connection.viewer,
          clientAddress: connection.clientAddress,
          log: logger.child({ requestId, transport: 'ws' }),
        },
      },
    );
    if (response.body.kind !== 'single')
      return { errors: [new AppError(ErrorCode.BAD_USER_INPUT, 'Incremental delivery is not supported')] };
    const { data, errors } = response.body.singleResult;
    return { data: data ?? null, ...(errors ? { errors: asErrors(errors) } : {}) } as ExecutionResult;
  };

  /** The token may expire or be revoked while the socket is open: check before each delivery. */
  const stillAuthorized = async (connection: Connection) => {
    if (!connection.authorization) return true;
    try {
      await viewerFromAuthorization(connection.authorization, verifier);
      return true;
    } catch {
      connection.socket.close(CLOSE_UNAUTHORIZED, 'Session expired or revoked: reconnect with a fresh token');
      return false;
    }
  };

  const subscribe = (args: ExecutionArgs): AsyncIterable<ExecutionResult> => {
    const { connection, live } = args.contextValue as SocketContext;
    const { prepared, field, operationName } = live!;
    let chain = Promise.resolve();
    let pending = false;
    const deliver = async (data: unknown) => {
      if (!(await stillAuthorized(connection))) return;
      const { query, variables } = prepared.buildQuery(field.answer(data, prepared.args));
      queue.push(await run(connection, query, variables, operationName));
    };
    const unsubscribe = feed.subscribe(field.trigger, (data) => {
      if (!field.concerns(data, prepared.args, connection.viewer)) return;
      if (field.coalesce) {
        if (pending) return;
        pending = true;
      }
      // One delivery at a time per subscription: results arrive in event order.
      chain = chain
        .then(() => {
          pending = false;
          return deliver(data);
        })
        .catch((error: unknown) => logger.error({ err: error, field: prepared.fieldName }, 'subscription delivery failed'));
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
          clientAddress: ctx.extra.request.socket.remoteAddress,
          active: 0,
        };
        if (typeof raw === 'string') {
          try {
            connection.viewer = await viewerFromAuthorization(raw, verifier);
            connection.authorization = raw;
          } catch {
            return false; // graphql-ws closes with 4403 Forbidden
          }
        }
        Object.assign(ctx.extra, { connection });
        return true;
      },
      onSubscribe(ctx, _id, payload) {
        const apiSchema = options.apiSchema();
        if (!apiSchema) return [new AppError(ErrorCode.SUBGRAPH_UNAVAILABLE, 'The schema is not loaded yet')];
        let document;
        try {
          document = parse(payload.query, { maxTokens: 5_000 });
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(apiSchema, document, [...specifiedRules, ...options.validationRules]);
        if (errors.length) return errors;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [new AppError(ErrorCode.BAD_USER_INPUT, 'Unknown operation')];
        const { connection } = ctx.extra as unknown as SocketContext;
        const variables = payload.variables ?? {};
        let live: Admitted | undefined;
        if (operation.operation === 'subscription') {
          try {
            live = admit(connection, apiSchema, document, operation, variables);
          } catch (error) {
            return [asGraphQLError(error)];
          }
        }
        return {
          schema: apiSchema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: variables,
          contextValue: { connection, ...(live ? { live } : {}) } satisfies SocketContext,
        };
      },
      subscribe,
      execute: (args) =>
        run(
          (args.contextValue as SocketContext).connection,
          print(args.document),
          (args.variableValues ?? {}) as Record<string, unknown>,
          args.operationName,
        ),
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
