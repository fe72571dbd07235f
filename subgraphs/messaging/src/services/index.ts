import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { Items } from './items.ts';

export const createMessagingServices = ({ db }: SubgraphDeps<PrismaClient>) => ({ items: new Items(db) });

export type MessagingServices = ReturnType<typeof createMessagingServices>;
