/** Leaderboard queries (validated), the after-commit refresh with its live signal, rebuilds. */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { badInput } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { liveTopic } from '#platform/graphql/live.ts';
import type { EntityReference } from '#platform/graphql/reference.ts';
import type { Logger } from '#platform/logger.ts';
import { parseInput } from '#platform/validation.ts';
import type { GamificationDb } from '../../db.ts';
import { isoWeek } from '../../rules/calendar.ts';
import { RedisLeaderboards } from './redis.ts';
import { SqlLeaderboards } from './sql.ts';
import type { Board, LeaderboardStore } from './store.ts';
import type { ScoreChange } from '../progress.ts';

export { RedisLeaderboards, SqlLeaderboards };
export type { Board, LeaderboardStore };

export const DEFAULT_FIRST = 10;
export const MAX_FIRST = 100;

const leaderboardArgs = z.object({
  scope: z.enum(['GLOBAL', 'WEEKLY', 'COURSE']),
  courseId: z.string().trim().min(1, 'must not be empty').max(200).nullish(),
  first: z.number().int().min(1, 'must be between 1 and 100').max(MAX_FIRST, 'must be between 1 and 100').nullish(),
});

export interface LeaderboardEntry {
  rank: number;
  xp: number;
  user: EntityReference;
}

/** The topic `leaderboardChanged` declares in schema.graphql: the gateway re-runs `leaderboard(...)` on it. */
export const LEADERBOARD_TOPIC = liveTopic(new URL('../../../schema.graphql', import.meta.url), 'leaderboardChanged');

export function createLeaderboardStore(
  db: GamificationDb,
  redis: Redis | undefined,
  keyPrefix: string,
  log: Logger,
  schema: string,
): LeaderboardStore {
  const sql = new SqlLeaderboards(db);
  return redis ? new RedisLeaderboards(redis, db, sql, keyPrefix, log, schema) : sql;
}

export class Leaderboards {
  constructor(
    readonly store: LeaderboardStore,
    private readonly events: SubgraphEvents,
  ) {}

  async top(raw: { scope?: string; courseId?: string | null; first?: number | null }): Promise<LeaderboardEntry[]> {
    const args = parseInput(leaderboardArgs, { ...raw, scope: raw.scope ?? 'GLOBAL' });
    if (args.scope === 'COURSE' && !args.courseId) {
      throw badInput('The COURSE leaderboard needs a courseId', [{ field: 'courseId', message: 'is required for COURSE' }]);
    }
    if (args.scope !== 'COURSE' && args.courseId) {
      throw badInput(`The ${args.scope} leaderboard takes no courseId`, [{ field: 'courseId', message: 'is only for COURSE' }]);
    }
    const board: Board =
      args.scope === 'COURSE'
        ? { scope: 'COURSE', courseId: args.courseId! }
        : args.scope === 'WEEKLY'
          ? { scope: 'WEEKLY', week: isoWeek(new Date()) }
          : { scope: 'GLOBAL' };
    const rows = await this.store.top(board, args.first ?? DEFAULT_FIRST);
    return rows.map(({ rank, xp, userId }) => ({ rank, xp, user: { id: userId } }));
  }

  /**
   * After a committed XP change: boards first, then the signal, so subscribers read fresh data.
   * `change`: the learner's new scores, when the handler knew them (else they are read).
   */
  async afterXp(userId: string, courseId: string | null, change?: ScoreChange): Promise<void> {
    await this.store.refresh(userId, change);
    this.events.live(LEADERBOARD_TOPIC, { userId, courseId });
  }

  async rebuild(): Promise<boolean> {
    await this.store.rebuild();
    return true;
  }

  async stop(): Promise<void> {
    await this.store.stop?.();
  }
}
