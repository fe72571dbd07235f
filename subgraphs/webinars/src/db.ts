/** The names the services use for the generated Prisma client (the platform creates it, by convention). */
import type { PrismaClient, Prisma } from './generated/prisma/client.ts';

export type WebinarsDb = PrismaClient;
/** A transaction's client (events are staged on it). */
export type WebinarsTx = Prisma.TransactionClient;
