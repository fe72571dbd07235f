import type { SqlDriverAdapterFactory } from '#platform/db/prisma-adapters.ts';
import { PrismaClient, type Prisma } from './generated/prisma/client.ts';

export type NotificationsDb = PrismaClient;
/** The client a consumer's handler gets: its writes commit with the inbox row. */
export type NotificationsTx = Prisma.TransactionClient;

export const createNotificationsDb = (adapter: SqlDriverAdapterFactory): NotificationsDb => new PrismaClient({ adapter });
