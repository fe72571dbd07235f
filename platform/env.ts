/**
 * The platform's typed settings. Every process (gateway, subgraph, script) reads its settings
 * through `loadEnv()`; a subgraph declares its own settings as a zod schema in its folder
 * (`settings`, exported by subgraphs/<name>/src/settings.ts), read from the same source and
 * validated when it starts (`parseSettings`). Nothing else reads `process.env`. `.env.example`
 * lists every setting.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';

/** The raw settings every schema reads: the process environment (after `.env`), or a test's own. */
export type SettingsSource = Readonly<Record<string, string | undefined>>;

/** `FOO=` in a .env file means "not set", not "set to the empty string". */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

export const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
export const port = z.coerce.number().int().min(0).max(65_535);
export const positiveInt = z.coerce.number().int().positive();
export const url = (protocols: string[]) =>
  z.url().refine((value) => protocols.includes(new URL(value).protocol), {
    message: `must use one of ${protocols.join(', ')}`,
  });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // Network
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: optional(port),
  SUBGRAPH_PORT_OFFSET: z.coerce.number().int().min(0).max(60_000).default(0),
  SUBGRAPH_URL_TEMPLATE: optional(z.string().includes('{name}')),
  CORS_ORIGINS: z.string().default('*'),
  TRUST_PROXY: flag.default(false),
  /** Key of the gateway's signature on subgraph calls; unset: a random one per process (embedded). */
  SUBGRAPH_SHARED_SECRET: optional(z.string().min(32, 'at least 32 characters (e.g. openssl rand -hex 32)')),

  // Data and infrastructure; unset means the embedded default.
  DATABASE_URL: optional(url(['postgres:', 'postgresql:'])),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  DATA_DIR: z.string().min(1).default('.data'),
  REDIS_URL: optional(url(['redis:', 'rediss:'])),
  NATS_URL: optional(url(['nats:', 'tls:'])),

  // Events
  EVENTS_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/, 'lower-case letters, digits, _ and -')
    .default('doctorpy'),
  EVENT_MAX_ATTEMPTS: positiveInt.max(100).default(5),
  EVENT_RETRY_BASE_MS: positiveInt.default(250),
  // The safety net only: commits publish at once, refused publishes are retried sooner.
  OUTBOX_POLL_MS: positiveInt.default(5_000),
  /** Copies JetStream keeps of each stream: 1 on a single server, 3 on a three-node cluster (production). */
  EVENTS_STREAM_REPLICAS: positiveInt.max(5).default(1),
  /**
   * Longest a background consumer waits for the learner-facing work of its event's cause in the same
   * process (platform/learner-first.ts; effect consumers wait a fifth of it); 0 turns the waits off.
   */
  BACKGROUND_WAIT_MAX_MS: z.coerce.number().int().min(0).max(5_000).default(250),

  // Token checks (every process verifies access tokens; accounts issues them)
  JWKS_URL: optional(url(['http:', 'https:'])),
  JWT_ISSUER: z.string().min(1).default('https://doctorpy.dev/accounts'),
  JWT_AUDIENCE: z.string().min(1).default('doctorpy'),

  // Gateway
  SUPERGRAPH_PATH: z.string().min(1).default('schema/supergraph.graphql'),
  SUPERGRAPH_WATCH: optional(flag),
  MAX_BODY_BYTES: positiveInt.default(2 * 1024 * 1024),
  MAX_QUERY_DEPTH: positiveInt.default(12),
  MAX_QUERY_COST: positiveInt.default(20_000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1_200),
  SUBGRAPH_TIMEOUT_MS: positiveInt.default(10_000),
  /** Longest a whole response stays in the gateway's cache (the subgraphs' hints may say less); 0 turns the cache off. */
  RESPONSE_CACHE_MAX_TTL_SECONDS: z.coerce.number().int().min(0).default(300),
  /** @apollo/gateway otherwise reports usage data to Apollo (and probes cloud metadata endpoints). */
  APOLLO_TELEMETRY_DISABLED: flag.default(true),

  // Error reporting (Sentry): unexpected errors are sent when SENTRY_DSN is set.
  SENTRY_DSN: optional(url(['http:', 'https:'])),
  /** Defaults to NODE_ENV. */
  SENTRY_ENVIRONMENT: optional(z.string().min(1)),
  /** The deployed version (e.g. the image tag), to tell which release an error came from. */
  SENTRY_RELEASE: optional(z.string().min(1)),
  // Console (the web client at /console, the GraphQL explorer at /explorer); on unless production.
  CONSOLE_ENABLED: optional(flag),
  /** The console's built files (`npm run console:build`), relative to the working directory. */
  CONSOLE_DIR: z.string().min(1).default('console/dist'),

  // Demo content
  SEED_DEMO_CONTENT: optional(flag),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
}

/** The process environment, after a `.env` file in the working directory when `dotenv` (values already set win). */
export function settingsSource(options: { dotenv?: boolean } = {}): SettingsSource {
  if (options.dotenv && existsSync('.env')) process.loadEnvFile('.env');
  return process.env;
}

/** Validates `source` against a settings schema; every problem is listed in one EnvError. */
export function parseSettings<T extends z.ZodType>(schema: T, source: SettingsSource, owner?: string): z.infer<T> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new EnvError(`Invalid configuration${owner ? ` of ${owner}` : ''}:\n${problems.join('\n')}`);
}

/**
 * Parses the platform settings from `source` (the process environment by default). With
 * `dotenv: true` a `.env` file in the working directory is read first; values already in the
 * environment win.
 */
export function loadEnv(options: { source?: SettingsSource; dotenv?: boolean } = {}): Env {
  return parseSettings(envSchema, options.source ?? settingsSource(options));
}

/** Names of a settings schema (an object schema, refined or not). */
export const settingNames = (schema: z.ZodType): string[] =>
  schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : [];

/** Names of every platform setting, for checks that compare docker-compose and .env.example with the schemas. */
export const envNames = (): string[] => settingNames(envSchema);

/** The console is served in development and embedded runs, in production only when CONSOLE_ENABLED says so. */
export const consoleEnabled = (env: Env): boolean => env.CONSOLE_ENABLED ?? env.NODE_ENV !== 'production';

/** True when no external database is configured: Postgres runs embedded (PGlite) under DATA_DIR. */
export const isEmbedded = (env: Env): boolean => !env.DATABASE_URL;
