import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { Items } from './items.ts';

export const createBookingsServices = ({ db }: SubgraphDeps<PrismaClient>) => ({ items: new Items(db) });

export type BookingsServices = ReturnType<typeof createBookingsServices>;
