/** The names the services use for the generated Prisma client (the platform creates it, by convention). */
import type { PrismaClient, Prisma } from './generated/prisma/client.ts';

export type AccountsDb = PrismaClient;
/** The client inside `$transaction(async (tx) => ...)`. */
export type AccountsTx = Prisma.TransactionClient;
