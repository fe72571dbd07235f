import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { Items } from './items.ts';

export const createMediaServices = ({ db }: SubgraphDeps<PrismaClient>) => ({ items: new Items(db) });

export type MediaServices = ReturnType<typeof createMediaServices>;
