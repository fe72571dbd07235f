/**
 * The accounts subgraph's own settings, read from the same environment as the platform's and
 * validated when it starts. `compose` (zod metadata) is what docker-compose.yml passes to the
 * accounts container from the host's .env (`npm run generate` writes it there).
 */
import { z } from 'zod';
import { optional, positiveInt } from '#platform/env.ts';

export const settings = z
  .object({
    // The first admin, created at start (password set only on creation).
    ADMIN_EMAIL: optional(z.email()).meta({ compose: '${ADMIN_EMAIL:-admin@doctorpy.dev}' }),
    ADMIN_PASSWORD: optional(z.string().min(10)).meta({ compose: '${ADMIN_PASSWORD:?set ADMIN_PASSWORD in .env}' }),

    // Tokens accounts issues (every process verifies them with JWT_ISSUER / JWT_AUDIENCE).
    ACCESS_TOKEN_TTL_SECONDS: positiveInt.max(86_400).default(900),
    REFRESH_TOKEN_TTL_DAYS: positiveInt.max(365).default(30),

    // Login throttling and password hashing
    // Login throttling: delays per (account, address) pair after a few failures, distinct accounts
    // per address, a ceiling per account that only slows addresses it has never signed in from.
    LOGIN_FAILURES_BEFORE_DELAY: positiveInt.default(5),
    LOGIN_MAX_ACCOUNTS_PER_ADDRESS: positiveInt.default(20),
    LOGIN_ACCOUNT_FAILURE_CEILING: positiveInt.default(100),
    LOGIN_FAILURE_WINDOW_SECONDS: positiveInt.default(900),
    PASSWORD_HASH_MEMORY_KIB: z.coerce.number().int().min(8_192).default(19_456),
    PASSWORD_HASH_CONCURRENCY: positiveInt.max(64).default(3),
  })
  .refine((values) => Boolean(values.ADMIN_EMAIL) === Boolean(values.ADMIN_PASSWORD), {
    message: 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    path: ['ADMIN_PASSWORD'],
  });

export type AccountsSettings = z.infer<typeof settings>;
