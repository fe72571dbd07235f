import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { Profiles } from './profiles.ts';

export const createProfilesServices = ({ db, events }: SubgraphDeps<PrismaClient>) => ({ profiles: new Profiles(db, events) });

export type ProfilesServices = ReturnType<typeof createProfilesServices>;
