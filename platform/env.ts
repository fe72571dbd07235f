/**
 * The one typed settings module. Every process (gateway, subgraph, script) reads its settings
 * through `loadEnv()`; nothing else in the code base reads `process.env`.
 * `.env.example` lists every setting below with a comment.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';

/** `FOO=` in a .env file means "not set", not "set to the empty string". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();
const url = (protocols: string[]) =>
  z.url().refine((value) => protocols.includes(new URL(value).protocol), {
    message: `must use one of ${protocols.join(', ')}`,
  });

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    // Network
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: optional(port),
    SUBGRAPH_PORT_OFFSET: z.coerce.number().int().min(0).max(60_000).default(0),
    SUBGRAPH_URL_TEMPLATE: optional(z.string().includes('{name}')),
    CORS_ORIGINS: z.string().default('*'),
    TRUST_PROXY: flag.default(false),

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

    // Tokens
    JWKS_URL: optional(url(['http:', 'https:'])),
    JWT_ISSUER: z.string().min(1).default('https://doctorpy.dev/accounts'),
    JWT_AUDIENCE: z.string().min(1).default('doctorpy'),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt.max(86_400).default(900),
    REFRESH_TOKEN_TTL_DAYS: positiveInt.max(365).default(30),

    // Accounts
    ADMIN_EMAIL: optional(z.email()),
    ADMIN_PASSWORD: optional(z.string().min(10)),
    LOGIN_FAILURES_BEFORE_DELAY: positiveInt.default(5),
    LOGIN_MAX_ACCOUNTS_PER_ADDRESS: positiveInt.default(20),
    LOGIN_ACCOUNT_FAILURE_CEILING: positiveInt.default(100),
    LOGIN_FAILURE_WINDOW_SECONDS: positiveInt.default(900),
    PASSWORD_HASH_MEMORY_KIB: z.coerce.number().int().min(8_192).default(19_456),
    PASSWORD_HASH_CONCURRENCY: positiveInt.max(64).default(3),

    // Gateway
    SUPERGRAPH_PATH: z.string().min(1).default('schema/supergraph.graphql'),
    SUPERGRAPH_WATCH: optional(flag),
    MAX_BODY_BYTES: positiveInt.default(2 * 1024 * 1024),
    MAX_QUERY_DEPTH: positiveInt.default(12),
    MAX_QUERY_COST: positiveInt.default(20_000),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(1_200),
    SUBGRAPH_TIMEOUT_MS: positiveInt.default(10_000),
    /** @apollo/gateway otherwise reports usage data to Apollo (and probes cloud metadata endpoints). */
    APOLLO_TELEMETRY_DISABLED: flag.default(true),

    // Demo content
    SEED_DEMO_CONTENT: optional(flag),
  })
  .refine((env) => Boolean(env.ADMIN_EMAIL) === Boolean(env.ADMIN_PASSWORD), {
    message: 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    path: ['ADMIN_PASSWORD'],
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
}

/**
 * Parses settings from `source` (the process environment by default). With `dotenv: true` a `.env`
 * file in the working directory is read first; values already in the environment win.
 */
export function loadEnv(options: { source?: Record<string, string | undefined>; dotenv?: boolean } = {}): Env {
  if (options.dotenv && !options.source && existsSync('.env')) process.loadEnvFile('.env');
  const result = envSchema.safeParse(options.source ?? process.env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new EnvError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return result.data;
}

/** Names of every setting, for checks that compare docker-compose and .env.example with the schema. */
export const envNames = (): string[] => Object.keys(envSchema.shape);

/** True when no external database is configured: Postgres runs embedded (PGlite) under DATA_DIR. */
export const isEmbedded = (env: Env): boolean => !env.DATABASE_URL;
