/** The names the services use for the generated Prisma client (the platform creates it, by convention). */
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';

export type SponsorsDb = PrismaClient;
export type SponsorsTx = Prisma.TransactionClient;
