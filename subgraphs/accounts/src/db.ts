import type { SqlDriverAdapterFactory } from '#platform/db/prisma-adapters.ts';
import { PrismaClient, type Prisma } from './generated/prisma/client.ts';

export type AccountsDb = PrismaClient;
/** The client inside `$transaction(async (tx) => ...)`. */
export type AccountsTx = Prisma.TransactionClient;

export const createAccountsDb = (adapter: SqlDriverAdapterFactory): AccountsDb => new PrismaClient({ adapter });
