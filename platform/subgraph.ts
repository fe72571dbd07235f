/**
 * createSubgraphServer(): everything a DoctorPy subgraph needs around its schema, Prisma models,
 * resolvers and services: database (migrated on start), token verification, authorization
 * directives, per-request DataLoaders, logging, metrics, health, error masking.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { expressMiddleware } from '@as-integrations/express5';
import type { Express } from 'express';
import { parse } from 'graphql';
import { enforceAuthorization, type Policies } from './auth/directives.ts';
import { authenticateRequest, runtimeTokenVerifier } from './auth/tokens.ts';
import type { Viewer } from './auth/viewer.ts';
import { openSubgraphDatabase } from './db/database.ts';
import { interceptQueries } from './db/intercept.ts';
import { statementLabel } from './db/statement-label.ts';
import type { SqlDriverAdapterFactory } from './db/prisma-adapters.ts';
import type { SqlDatabase } from './db/sql.ts';
import { parseSettings, type Env } from './env.ts';
import type { DeadLetterConsumer, EventConsumer, StatementConsumer } from './events/consumer.ts';
import type { DeclaredEvents } from './events/define.ts';
import { subgraphEvents, type SubgraphEvents } from './events/subgraph-events.ts';
import { formatError } from './errors.ts';
import { DateTime } from './graphql/scalars.ts';
import { gatewaySecret } from './graphql/gateway-signature.ts';
import { loggingPlugin } from './graphql/logging-plugin.ts';
import { requestGuards } from './graphql/request-guards.ts';
import { createHttpApp, finalErrorHandler, gatewayOnlyBodyParser, listenOn, type ReadinessCheck } from './http.ts';
import type { Logger } from './logger.ts';
import { ServiceMetrics } from './metrics.ts';
import type { Runtime } from './runtime.ts';
import { once } from './once.ts';
import { servingRequest } from './request-context.ts';
import { errorReportingPlugin } from './sentry.ts';
import type { SubgraphModule } from './subgraph-module.ts';

export interface Disconnectable {
  $disconnect(): Promise<void>;
}

/** No settings of its own. */
export type NoSettings = Record<string, never>;

export interface SubgraphDeps<Db, Settings = NoSettings> {
  db: Db;
  sql: SqlDatabase;
  runtime: Runtime;
  env: Env;
  /** The subgraph's own settings (the schema of its src/settings.ts), validated at start. */
  settings: Settings;
  logger: Logger;
  events: SubgraphEvents;
}

export interface SubgraphContext<Services, Loaders> {
  requestId: string;
  /** Set by the token check; a mutation that signs someone in replaces it for the rest of the response. */
  viewer: Viewer | undefined;
  /** The end user's address as seen by the gateway (x-client-address), else the peer's. */
  clientAddress: string | undefined;
  /** The client's Accept-Language header, as the gateway forwarded it. */
  acceptLanguage: string | undefined;
  log: Logger;
  services: Services;
  loaders: Loaders;
}

/**
 * What a subgraph writes. Its name, folder, process entry, Prisma client and settings schema come
 * by convention from its rover.yaml entry (see subgraph-module.ts); its resolvers' context type is
 * derived from this definition (ServicesOf / LoadersOf, used by the generated resolver types).
 * `Settings` is the type of its src/settings.ts schema, as its services declare it.
 */
export interface SubgraphDefinition<Db extends Disconnectable, Services, Loaders, Settings = NoSettings> {
  resolvers: object;
  /** By default the generated Prisma client (src/generated/prisma/client.ts) on the platform's adapter. */
  createDb?(adapter: SqlDriverAdapterFactory): Db;
  createServices(deps: SubgraphDeps<Db, Settings>): Services | Promise<Services>;
  /** Fresh DataLoaders for each request, so batching never leaks data across viewers. */
  createLoaders(services: Services): Loaders;
  policies?: Policies;
  /** Extra HTTP routes (e.g. the JWKS document of accounts). */
  routes?(app: Express, services: Services): void;
  /** Work before the server accepts requests (e.g. bootstrap the first admin, start a scheduler). */
  onStart?(services: Services, deps: SubgraphDeps<Db, Settings>): Promise<void>;
  /** Stops what onStart started, once requests are drained and before events and database close. */
  onStop?(services: Services): Promise<void>;
  events?: {
    /** The events the subgraph owns and publishes through its outbox: the default export of its src/events/catalog.ts. */
    publishes?: DeclaredEvents;
    /** Durable consumers, started once the server is built. */
    consumers?(services: Services): Array<EventConsumer<never> | StatementConsumer<never> | DeadLetterConsumer<never>>;
  };
}

/** Identity function that lets TypeScript infer a definition's type parameters. */
export const defineSubgraph = <Db extends Disconnectable, Services, Loaders, Settings = NoSettings>(
  definition: SubgraphDefinition<Db, Services, Loaders, Settings>,
) => definition;

/**
 * A definition's services and loaders, from which the generated resolver types derive the context
 * (`interface Context extends SubgraphContext<ServicesOf<D>, LoadersOf<D>>`: an interface, so that
 * resolvers typed with it can sit in the very definition it comes from).
 */
export type ServicesOf<Definition> =
  Definition extends SubgraphDefinition<infer _Db, infer Services, infer _Loaders, infer _Settings> ? Services : never;
export type LoadersOf<Definition> =
  Definition extends SubgraphDefinition<infer _Db, infer _Services, infer Loaders, infer _Settings> ? Loaders : never;

export interface SubgraphServer<Services> {
  name: string;
  app: Express;
  services: Services;
  /** SQL statements sent so far on behalf of requests, not background work (the N+1 tests compare it before and after a query). */
  statementCount(): number;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/** The subgraph's own settings from the runtime's source; a wrong one throws EnvError naming the subgraph. */
export const subgraphSettings = ({ name, settings }: SubgraphModule, runtime: Runtime): unknown =>
  settings ? parseSettings(settings, runtime.settingsSource, name) : {};

export async function createSubgraphServer(
  subgraph: SubgraphModule,
  runtime: Runtime,
  options: { jwksUrl: string | (() => string) },
): Promise<SubgraphServer<unknown>> {
  const { name, root, definition } = subgraph;
  const { env } = runtime;
  const settings = subgraphSettings(subgraph, runtime);
  const logger = runtime.logger.child({ subgraph: name });
  const metrics = new ServiceMetrics(name);

  const database = await openSubgraphDatabase(runtime, name, {
    migrationsDir: join(root, 'prisma', 'migrations'),
    migrate: true,
  });
  if (database.applied.length) logger.info({ applied: database.applied }, 'migrations applied');
  let statements = 0;
  const db = await subgraph.createDb(
    interceptQueries(database.adapter, (query) => {
      if (servingRequest()) statements += 1;
      metrics.dbStatements.inc();
      metrics.dbStatementKinds.inc({ statement: statementLabel(query.sql) });
      return query;
    }),
  );
  const events = subgraphEvents(name, runtime, logger, metrics, definition.events?.publishes);
  const deps: SubgraphDeps<Disconnectable, unknown> = { db, sql: database.sql, runtime, env, settings, logger, events };
  const services = await definition.createServices(deps);
  await definition.onStart?.(services, deps);
  events.start(db, definition.events?.consumers?.(services) ?? [], database.sql.schema);

  const schema = buildSubgraphSchema([
    {
      typeDefs: parse(readFileSync(join(root, 'schema.graphql'), 'utf8')),
      resolvers: { DateTime, ...definition.resolvers } as GraphQLResolverMap<unknown>,
    },
  ]);
  type Context = SubgraphContext<unknown, unknown>;
  enforceAuthorization(schema, definition.policies ?? {}, (context) => (context as Context).viewer);

  const readiness: Record<string, ReadinessCheck> = {
    database: async () => {
      await database.sql.query('SELECT 1');
    },
  };
  const redis = runtime.redis();
  if (redis) readiness.redis = async () => void (await redis.ping());

  const app = createHttpApp({
    logger,
    metrics,
    readiness,
    status: { events: () => runtime.eventBus().state() },
    trustProxy: env.TRUST_PROXY,
  });
  definition.routes?.(app, services);
  const httpServer: Server = createServer(app);
  const production = env.NODE_ENV === 'production';
  // The gateway's limits again (defence in depth), fragments flattened: see queryLimits.
  const guards = requestGuards<Context>(env, { flattenFragments: true });
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: !production,
    persistedQueries: false,
    validationRules: guards.validationRules,
    parseOptions: guards.parseOptions,
    // runProcess owns SIGTERM/SIGINT: Apollo's own handlers would stop the server a second time, concurrently.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatError(formatted, error, { maskUnexpected: production }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...guards.plugins,
      // Federated traces are for Apollo Studio, which DoctorPy does not report to.
      ApolloServerPluginInlineTraceDisabled(),
      metrics.plugin(),
      loggingPlugin<Context>(),
      errorReportingPlugin<Context>(name),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  const verifier = runtimeTokenVerifier(runtime, options.jwksUrl);
  app.use(
    '/graphql',
    ...gatewayOnlyBodyParser(env.MAX_BODY_BYTES, gatewaySecret(runtime)),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<Context> => {
        return {
          requestId: req.requestId,
          viewer: await authenticateRequest(req.headers.authorization, verifier),
          clientAddress: req.header('x-client-address') ?? req.ip,
          acceptLanguage: req.header('accept-language'),
          log: logger.child({ requestId: req.requestId }),
          services,
          loaders: definition.createLoaders(services),
        };
      },
    }),
  );
  app.use(finalErrorHandler(logger));

  return {
    name,
    app,
    services,
    statementCount: () => statements,
    listen: (port, host = env.HOST) =>
      listenOn(httpServer, port, host, logger.child({ database: database.location }), 'subgraph listening'),
    close: once(async () => {
      await apollo.stop();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await definition.onStop?.(services);
      await events.stop();
      await db.$disconnect();
      await database.sql.close();
    }),
  };
}
