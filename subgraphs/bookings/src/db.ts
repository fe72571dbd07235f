/** The names the services use for the generated Prisma client (the platform creates it, by convention). */
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';

export type BookingsDb = PrismaClient;
/** A transaction's client (events are staged on it). */
export type BookingsTx = Prisma.TransactionClient;
