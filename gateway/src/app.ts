/**
 * createGateway(): the one public endpoint. @apollo/gateway executes query plans over the
 * subgraphs; around it: token verification, limits, persisted queries, request ids, health,
 * metrics, error masking, Sandbox in development; subscriptions over graphql-ws, served from the
 * subgraphs' @live declarations. HTTP and WebSocket operations get their context from the same
 * request pipeline and run through the same Apollo server.
 */
import { createServer, type Server } from 'node:http';
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import type { Express } from 'express';
import { parse, type GraphQLSchema } from 'graphql';
import { runtimeTokenVerifier } from '#platform/auth/tokens.ts';
import { createKeyValueCache } from '#platform/cache.ts';
import { consoleEnabled } from '#platform/env.ts';
import { errorStatusPlugin, formatError } from '#platform/errors.ts';
import { gatewaySecret } from '#platform/graphql/gateway-signature.ts';
import { loggingPlugin } from '#platform/graphql/logging-plugin.ts';
import { requestGuards } from '#platform/graphql/request-guards.ts';
import { createHttpApp, finalErrorHandler, graphqlBodyParser, listenOn } from '#platform/http.ts';
import { learnerFirst } from '#platform/learner-first.ts';
import { ServiceMetrics } from '#platform/metrics.ts';
import { once } from '#platform/once.ts';
import type { Runtime } from '#platform/runtime.ts';
import { errorReportingPlugin } from '#platform/sentry.ts';
import type { GatewayContext } from './context.ts';
import { mountConsoleRoutes } from './console-routes.ts';
import { mountPublicRoutes, type PublicRoute } from './public-routes.ts';
import { createRequestPipeline } from './request-pipeline.ts';
import { createResponseCache } from './response-cache/response-cache.ts';
import { subscriptionAdmissionPlugin } from './subscriptions/admission.ts';
import { liveFieldsOf, type LiveField } from './subscriptions/declarations.ts';
import { LiveFeed } from './subscriptions/live-feed.ts';
import { attachSubscriptions } from './subscriptions/server.ts';
import { SubgraphSource } from './subgraph-source.ts';
import { supergraphLoader, type SupergraphSource } from './supergraph.ts';

export interface GatewayOptions {
  supergraph: SupergraphSource;
  /** Subgraph name → URL; overrides the routing URLs written in the supergraph. */
  subgraphUrls: Record<string, string>;
  jwksUrl: string | (() => string);
  /** Subgraph HTTP paths served on the gateway's host as they are (rover.yaml `public_paths`). */
  publicRoutes?: PublicRoute[];
  /** How subgraphs are called: SubgraphSource unless a test compares it with a reference. */
  dataSource?: (name: string, url: string) => GraphQLDataSource;
}

export interface GatewayServer {
  app: Express;
  httpServer: Server;
  gateway: ApolloGateway;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export async function createGateway(runtime: Runtime, options: GatewayOptions): Promise<GatewayServer> {
  const { env } = runtime;
  const logger = runtime.logger.child({ component: 'gateway' });
  const production = env.NODE_ENV === 'production';
  const metrics = new ServiceMetrics('gateway');

  // @apollo/gateway reads this variable itself when it is constructed.
  if (env.APOLLO_TELEMETRY_DISABLED) process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const sources: SubgraphSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphLoader(options.supergraph, logger),
    buildService: ({ name, url }) => {
      const subgraphUrl = options.subgraphUrls[name] ?? url!;
      if (options.dataSource) return options.dataSource(name, subgraphUrl);
      const source = new SubgraphSource(name, subgraphUrl, env.SUBGRAPH_TIMEOUT_MS, logger, gatewaySecret(runtime));
      sources.push(source);
      return source;
    },
    logger,
  });
  // Registered before the first load: the listener is not called for a schema loaded earlier.
  let apiSchema: GraphQLSchema | undefined;
  let liveFields: ReadonlyMap<string, LiveField> = new Map();
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded, coreSupergraphSdl }) => {
    const live = liveFieldsOf(parse(coreSupergraphSdl), loaded);
    // The declarations are tested over the composed supergraph; a broken one only disables its field.
    if (live.problems.length) logger.error({ problems: live.problems }, 'subscription fields without a valid @live declaration');
    apiSchema = loaded;
    liveFields = live.fields;
  });

  const app = createHttpApp({
    logger,
    metrics,
    trustProxy: env.TRUST_PROXY,
    readiness: {
      supergraph: async () => {
        if (!apiSchema) throw new Error('supergraph not loaded');
      },
    },
  });
  const httpServer = createServer(app);
  const limits = requestGuards<GatewayContext>(env);
  const verifier = runtimeTokenVerifier(runtime, options.jwksUrl);
  const pipeline = createRequestPipeline(runtime, { app, verifier, logger });
  const feed = new LiveFeed(runtime.eventBus());
  const responseCache = createResponseCache({ runtime, metrics, feed, apiSchema: () => apiSchema, logger });
  let subscriptions: { close(): Promise<void> } | undefined;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    // runProcess owns SIGTERM/SIGINT: Apollo's own handlers would stop the server a second time, concurrently.
    stopOnTerminationSignals: false,
    persistedQueries: { cache: createKeyValueCache(runtime, 'apq'), ttl: 24 * 60 * 60 },
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError: (formatted, error) => formatError(formatted, error, { maskUnexpected: production }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Stopping the server also closes the subscription sockets.
      { serverWillStart: async () => ({ drainServer: async () => subscriptions?.close() }) },
      ...limits.plugins,
      subscriptionAdmissionPlugin(),
      metrics.plugin(),
      // A subgraph's RATE_LIMITED / SERVICE_UNAVAILABLE answer the client with 429 / 503 and Retry-After.
      errorStatusPlugin(),
      loggingPlugin<GatewayContext>(),
      ...responseCache.plugins,
      errorReportingPlugin<GatewayContext>('gateway'),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
    ],
  });
  await apollo.start();
  subscriptions = attachSubscriptions({
    httpServer,
    apollo,
    apiSchema: () => apiSchema,
    liveFields: () => liveFields,
    feed,
    pipeline,
    logger,
    metrics,
    maskUnexpected: production,
  });

  mountPublicRoutes(app, options.publicRoutes ?? [], {
    timeoutMs: env.SUBGRAPH_TIMEOUT_MS,
    logger,
    clientAddress: (req) => pipeline.clientAddress(req),
  });

  if (consoleEnabled(env)) mountConsoleRoutes(app, { dir: env.CONSOLE_DIR });

  const origins = env.CORS_ORIGINS.split(',').map((origin) => origin.trim());

  // A client's operation goes before the background work it sets off in this process (platform/learner-first.ts).
  app.use('/graphql', (req, res, next) => {
    res.once('close', learnerFirst.begin(req.requestId, 'learner'));
    next();
  });
  app.use(
    '/graphql',
    cors({ origin: origins.includes('*') ? true : origins, exposedHeaders: ['x-request-id'] }),
    ...graphqlBodyParser(env.MAX_BODY_BYTES),
    expressMiddleware(apollo, {
      context: ({ req }): Promise<GatewayContext> =>
        pipeline.admit({
          transport: 'http',
          requestId: req.requestId,
          authorization: req.headers.authorization,
          clientAddress: pipeline.clientAddress(req),
          acceptLanguage: req.headers['accept-language'],
        }),
    }),
  );
  app.use(finalErrorHandler(logger));

  return {
    app,
    httpServer,
    gateway,
    listen: (port, host = env.HOST) => listenOn(httpServer, port, host, logger, 'gateway listening'),
    close: once(async () => {
      await apollo.stop();
      responseCache.close();
      feed.close();
      for (const source of sources) source.close();
    }),
  };
}
