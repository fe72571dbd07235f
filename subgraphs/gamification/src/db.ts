import type { SqlDriverAdapterFactory } from '#platform/db/prisma-adapters.ts';
import { PrismaClient, type Prisma } from './generated/prisma/client.ts';

export type GamificationDb = PrismaClient;
/** What event handlers get: the consumer's transaction (never the outer client inside it). */
export type GamificationTx = Prisma.TransactionClient;

export const createGamificationDb = (adapter: SqlDriverAdapterFactory): GamificationDb => new PrismaClient({ adapter });
