/** The accounts composition root: builds the services from their dependencies. */
import { sessionRevocations } from '#platform/auth/revocations.ts';
import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { AccountsDb } from '../db.ts';
import type { AccountsSettings } from '../settings.ts';
import { Accounts } from './accounts.ts';
import { LoginThrottle } from './login-throttle.ts';
import { PasswordHasher } from './passwords.ts';
import { SecurityLog } from './security-log.ts';
import { Sessions } from './sessions.ts';
import { SigningKeys } from './signing-keys.ts';

export function createAccountsServices({
  db,
  env,
  settings,
  runtime,
  logger,
  events,
}: SubgraphDeps<AccountsDb, AccountsSettings>) {
  const keys = new SigningKeys(db, {
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    accessTokenTtlSeconds: settings.ACCESS_TOKEN_TTL_SECONDS,
  });
  const audit = new SecurityLog(db);
  const sessions = new Sessions(db, keys, sessionRevocations(runtime), audit, {
    refreshTokenTtlDays: settings.REFRESH_TOKEN_TTL_DAYS,
    accessTokenTtlSeconds: settings.ACCESS_TOKEN_TTL_SECONDS,
  });
  const accounts = new Accounts(
    db,
    new PasswordHasher(settings.PASSWORD_HASH_MEMORY_KIB, {
      concurrency: settings.PASSWORD_HASH_CONCURRENCY,
      // A hash that would start later than this is refused (503) rather than answered after the
      // gateway gave up (the account created, the client told it failed): 70% of its patience is
      // for the queue, the rest for the hash and a few statements, even on a starved CPU.
      maxWaitMs: env.SUBGRAPH_TIMEOUT_MS * 0.7,
    }),
    sessions,
    new LoginThrottle(runtime, settings),
    audit,
    events,
    logger,
  );
  return { keys, audit, sessions, accounts };
}

export type AccountsServices = ReturnType<typeof createAccountsServices>;
