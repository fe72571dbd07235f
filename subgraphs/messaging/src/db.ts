/** The names the services use for the generated Prisma client (the platform creates it, by convention). */
import { quoteIdent } from '#platform/db/sql.ts';
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';

export type MessagingDb = PrismaClient;
/** A transaction (a consumer's, or one of ours): writes commit together with the inbox row or the events staged. */
export type MessagingTx = Prisma.TransactionClient;

/** A table of this subgraph in raw SQL, qualified by its schema (public on Postgres, the subgraph's own on PGlite). */
export const tableIn = (schema: string) => (table: string) => `${quoteIdent(schema)}.${quoteIdent(table)}`;
