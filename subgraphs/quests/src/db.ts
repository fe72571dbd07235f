import type { SqlDriverAdapterFactory } from '#platform/db/prisma-adapters.ts';
import { PrismaClient } from './generated/prisma/client.ts';

export type QuestsDb = PrismaClient;

export const createQuestsDb = (adapter: SqlDriverAdapterFactory): QuestsDb => new PrismaClient({ adapter });
