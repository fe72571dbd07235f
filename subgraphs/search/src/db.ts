/** The names the services use for the generated Prisma client (the platform creates it, by convention). */
import type { PrismaClient, Prisma } from './generated/prisma/client.ts';

export type SearchDb = PrismaClient;
/** The client a consumer's handler gets: its writes commit with the inbox row. */
export type SearchTx = Prisma.TransactionClient;
