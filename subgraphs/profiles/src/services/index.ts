import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { ProfilesDb } from '../db.ts';
import { Profiles } from './profiles.ts';

export const createProfilesServices = ({ db, events }: SubgraphDeps<ProfilesDb>) => ({ profiles: new Profiles(db, events) });

export type ProfilesServices = ReturnType<typeof createProfilesServices>;
