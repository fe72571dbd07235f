/** Per-request DataLoaders: a leaderboard of any length costs one SQL statement per field kind. */
import DataLoader from 'dataloader';
import { byId } from '#platform/graphql/loaders.ts';
import type { GamificationServices } from './services/index.ts';

export const createGamificationLoaders = ({ learners, badges }: GamificationServices) => ({
  /** XP, level and streak of each learner (defaults for learners without stats). */
  learner: new DataLoader((userIds: readonly string[]) => learners.views(userIds)),
  badgesByUser: new DataLoader((userIds: readonly string[]) => learners.badges(userIds)),
  badge: new DataLoader(byId((ids) => badges.byIds(ids))),
});

export type GamificationLoaders = ReturnType<typeof createGamificationLoaders>;
