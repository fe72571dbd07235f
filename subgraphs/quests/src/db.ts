import type { SqlDriverAdapterFactory } from '#platform/db/prisma-adapters.ts';
import { PrismaClient, type Prisma } from './generated/prisma/client.ts';

export type QuestsDb = PrismaClient;
/** A transaction's client (events are staged on it). */
export type QuestsTx = Prisma.TransactionClient;

export const createQuestsDb = (adapter: SqlDriverAdapterFactory): QuestsDb => new PrismaClient({ adapter });
