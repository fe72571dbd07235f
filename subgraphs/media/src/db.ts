/** The names the services use for the generated Prisma client (the platform creates it, by convention). */
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';

export type MediaDb = PrismaClient;
/** A transaction of it (event handlers, state changes and their events). */
export type MediaTx = Prisma.TransactionClient;
