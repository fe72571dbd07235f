import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { AvatarFiles } from './avatars.ts';
import { Profiles } from './profiles.ts';

export const createProfilesServices = ({ db, events }: SubgraphDeps<PrismaClient>) => {
  const avatars = new AvatarFiles(db);
  return { avatars, profiles: new Profiles(db, events, avatars) };
};

export type ProfilesServices = ReturnType<typeof createProfilesServices>;
