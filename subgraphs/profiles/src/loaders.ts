/** Per-request DataLoaders: one SQL statement per batch of users. */
import DataLoader from 'dataloader';
import { byKey } from '#platform/graphql/loaders.ts';
import type { ProfilesServices } from './services/index.ts';

export const createProfilesLoaders = ({ profiles }: ProfilesServices) => ({
  profile: new DataLoader(
    byKey(
      (userIds) => profiles.byUserIds(userIds),
      (profile) => profile.userId,
    ),
  ),
});

export type ProfilesLoaders = ReturnType<typeof createProfilesLoaders>;
