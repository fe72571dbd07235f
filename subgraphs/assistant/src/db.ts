/** The names the services use for the generated Prisma client (the platform creates it, by convention). */
import { quoteIdent } from '#platform/db/sql.ts';
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';

export type AssistantDb = PrismaClient;
/** The client a consumer's handler gets: its writes commit with the inbox row. */
export type AssistantTx = Prisma.TransactionClient;

/**
 * A table of this subgraph, qualified for raw SQL: in embedded mode every subgraph is a schema of
 * one PGlite, so a bare name would reach whichever schema the search path holds.
 */
export const tableIn = (schema: string) => (table: string) => `${quoteIdent(schema)}.${quoteIdent(table)}`;
