/** The names the services use for the generated Prisma client (the platform creates it, by convention). */
import type { PrismaClient, Prisma } from './generated/prisma/client.ts';

export type GamificationDb = PrismaClient;
/** What event handlers get: the consumer's transaction (never the outer client inside it). */
export type GamificationTx = Prisma.TransactionClient;
