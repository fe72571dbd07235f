import type { SqlDriverAdapterFactory } from '#platform/db/prisma-adapters.ts';
import { POOL_WAIT_MS, TRANSACTION_LIMITS } from '#platform/db/transactions.ts';
import { PrismaClient, type Prisma } from './generated/prisma/client.ts';

export type AccountsDb = PrismaClient;
/** The client inside `$transaction(async (tx) => ...)`. */
export type AccountsTx = Prisma.TransactionClient;

export const createAccountsDb = (adapter: SqlDriverAdapterFactory): AccountsDb =>
  new PrismaClient({
    adapter,
    // A burst of sign-ups waits for a connection as long as a plain statement would (Prisma's
    // default is 2 s): still inside the gateway's patience, and a 503 past it.
    transactionOptions: { maxWait: POOL_WAIT_MS, timeout: TRANSACTION_LIMITS.timeout },
  });
