import type { SqlDriverAdapterFactory } from '#platform/db/prisma-adapters.ts';
import { PrismaClient, type Prisma } from './generated/prisma/client.ts';

export type AnalyticsDb = PrismaClient;
/** The client a consumer's handler gets: its writes commit with the inbox row. */
export type AnalyticsTx = Prisma.TransactionClient;

export const createAnalyticsDb = (adapter: SqlDriverAdapterFactory): AnalyticsDb => new PrismaClient({ adapter });
