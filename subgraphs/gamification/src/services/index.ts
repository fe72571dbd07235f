import { redisKey } from '#platform/cache.ts';
import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { GamificationDb } from '../db.ts';
import { BadgeCatalog } from './badges.ts';
import { Learners } from './learners.ts';
import { createLeaderboardStore, Leaderboards } from './leaderboards/index.ts';
import { ProgressRecorder } from './progress.ts';

export const createGamificationServices = ({ db, events, runtime, logger, sql }: SubgraphDeps<GamificationDb>) => {
  const badges = new BadgeCatalog(db);
  const store = createLeaderboardStore(
    db,
    runtime.redis(),
    redisKey(runtime, 'lb:'),
    logger.child({ component: 'leaderboards' }),
    sql.schema,
  );
  return {
    badges,
    learners: new Learners(db),
    progress: new ProgressRecorder(events, badges, { trackLeaderboardWrites: store.kind === 'redis', schema: sql.schema }),
    leaderboards: new Leaderboards(store, events),
  };
};

export type GamificationServices = ReturnType<typeof createGamificationServices>;
