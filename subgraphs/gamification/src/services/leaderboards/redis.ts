/**
 * Leaderboards in Redis sorted sets: a cache of the ledger that can always be rebuilt.
 *
 * Keys (prefix `<EVENTS_NAMESPACE>:lb:`): `global`, `weekly:<ISO week>` (e.g. weekly:2026-W47,
 * expiring 3 weeks after its last write), `course:<courseId>`; `built` marks the sets as complete;
 * `rebuild-lock` lets one process rebuild at a time.
 *
 * Members are user ids and scores are NEGATED XP. ZRANGE returns ascending scores and, among equal
 * scores, members in ascending byte order: with negated scores that is XP descending with ties by
 * userId ascending, the SQL order. (ZREVRANGE on positive scores would order ties by userId
 * DESCENDING.)
 *
 * After a commit, a learner's scores are recomputed from Postgres and written as absolute values
 * with ZADD LT (never ZINCRBY): idempotent, and since XP only grows, two replicas writing in either
 * order end on the higher, current value. A Redis failure never fails a read: it answers from SQL.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChainableCommander, Redis } from 'ioredis';
import { conflict } from '#platform/errors.ts';
import type { Logger } from '#platform/logger.ts';
import type { GamificationDb } from '../../db.ts';
import { isoWeek, type IsoWeek } from '../../rules/calendar.ts';
import type { SqlLeaderboards } from './sql.ts';
import { ranked, type Board, type LeaderboardStore, type Ranked, type Score } from './store.ts';
import { join, sql as sqlText, tableOf, timestampOf } from '#platform/events/outbox-sql.ts';
import type { ScoreChange } from '../progress.ts';

const WEEKLY_TTL_SECONDS = 21 * 24 * 60 * 60;
const LOCK_TTL_MS = 30_000;
/** Handler transactions last milliseconds; anything committed this close to a rebuild is rewritten after it. */
const REBUILD_OVERLAP_MS = 60_000;
/** A pending update this old lost its after-commit write (crash, Redis down): redo it. */
const STALE_PENDING_MS = 30_000;
const ZADD_CHUNK = 500;
/** Notes of written changes are cleared together, this long after the first. */
const CLEAR_AFTER_MS = 1_000;

const UNLOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** [member, score, member, score, ...] → scores (negated back). */
function fromRange(flat: string[]): Score[] {
  const scores: Score[] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) scores.push({ userId: flat[index]!, xp: -Number(flat[index + 1]) });
  return scores;
}

function checked(results: Array<[Error | null, unknown]> | null): void {
  const failure = results?.find(([error]) => error)?.[0];
  if (failure) throw failure;
}

export class RedisLeaderboards implements LeaderboardStore {
  readonly kind = 'redis' as const;
  private readonly toClear = new Set<string>();
  private clearTimer: NodeJS.Timeout | undefined;
  private clearing: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    private readonly db: GamificationDb,
    private readonly sql: SqlLeaderboards,
    /** Where the boards' keys start (the deployment's namespace, then `lb:`). */
    private readonly prefix: string,
    private readonly log: Logger,
    /** The Postgres schema of the subgraph's tables (raw SQL). */
    private readonly schema = 'public',
  ) {}

  private get builtKey() {
    return `${this.prefix}built`;
  }

  private get lockKey() {
    return `${this.prefix}rebuild-lock`;
  }

  private weeklyKey(week: IsoWeek) {
    return `${this.prefix}weekly:${week.label}`;
  }

  private courseKey(courseId: string) {
    return `${this.prefix}course:${courseId}`;
  }

  private key(board: Board): string {
    if (board.scope === 'GLOBAL') return `${this.prefix}global`;
    return board.scope === 'WEEKLY' ? this.weeklyKey(board.week) : this.courseKey(board.courseId);
  }

  async top(board: Board, first: number): Promise<Ranked[]> {
    try {
      const key = this.key(board);
      const results = await this.redis
        .pipeline()
        .exists(this.builtKey)
        .zrange(key, 0, String(first - 1), 'WITHSCORES')
        .exec();
      checked(results);
      if (results![0]![1] === 1) return ranked(fromRange(results![1]![1] as string[]));
      // Redis was flushed or is new: rebuild, unless another process already is (then SQL answers).
      if (!(await this.rebuildIfMissing())) return await this.sql.top(board, first);
      return ranked(fromRange(await this.redis.zrange(key, 0, String(first - 1), 'WITHSCORES')));
    } catch (error) {
      this.log.warn({ err: error }, 'Redis leaderboard unavailable; answering from Postgres');
      return this.sql.top(board, first);
    }
  }

  async refresh(userId: string, change?: ScoreChange): Promise<void> {
    if (change) return this.writeChange(change);
    await this.writeLearners([userId]);
    await this.redoStalePending().catch((error: unknown) =>
      this.log.warn({ err: error }, 'could not redo stale leaderboard updates'),
    );
  }

  /**
   * The scores a commit returned, written as they are (ZADD LT keeps the higher XP if an older
   * write lands later); the commit's note is cleared a moment later with the others of that moment.
   */
  private async writeChange(change: ScoreChange): Promise<void> {
    const pipeline = this.redis.pipeline();
    if (change.total > 0) pipeline.zadd(this.key({ scope: 'GLOBAL' }), 'LT', -change.total, change.userId);
    if (change.weekly > 0) {
      pipeline.zadd(this.weeklyKey(change.week), 'LT', -change.weekly, change.userId);
      pipeline.expire(this.weeklyKey(change.week), WEEKLY_TTL_SECONDS);
    }
    if (change.course) pipeline.zadd(this.courseKey(change.course.courseId), 'LT', -change.course.xp, change.userId);
    checked(await pipeline.exec());
    if (change.pendingId) this.clearSoon(change.pendingId);
  }

  private clearSoon(pendingId: string): void {
    // Stopped: the note stays, and the learner's scores are written again once it is stale.
    if (this.stopped) return;
    this.toClear.add(pendingId);
    if (this.clearTimer) return;
    this.clearTimer = setTimeout(() => {
      this.clearTimer = undefined;
      void this.clearNow();
    }, CLEAR_AFTER_MS);
    this.clearTimer.unref();
  }

  private clearNow(): Promise<void> {
    this.clearing = this.clearAndRedoStale()
      .catch((error: unknown) => this.log.warn({ err: error }, 'leaderboard notes not cleared; redone once stale'))
      .finally(() => (this.clearing = undefined));
    return this.clearing;
  }

  /** The notes waiting for their timer are cleared now, while the database client is open; none after. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.clearTimer);
    this.clearTimer = undefined;
    await this.clearing;
    if (this.toClear.size) await this.clearNow();
  }

  /**
   * One statement clears the notes of the changes written and finds those left by changes whose
   * write was lost (older than STALE_PENDING_MS), which are then written from the ledger.
   */
  private async clearAndRedoStale(): Promise<void> {
    const ids = [...this.toClear];
    this.toClear.clear();
    const pending = tableOf(this.schema, 'PendingLeaderboardUpdate');
    const stale = await this.db.$queryRaw<Array<{ userId: string }>>(sqlText`
      WITH cleared AS (DELETE FROM ${pending} WHERE "id" IN (${join(ids)}))
      SELECT DISTINCT "userId" FROM ${pending}
      WHERE "createdAt" < ${timestampOf(new Date(Date.now() - STALE_PENDING_MS))} AND "id" NOT IN (${join(ids)})
      LIMIT 100`);
    if (stale.length) {
      this.log.info({ learners: stale.length }, 'redoing leaderboard updates lost after their commit');
      await this.writeLearners(stale.map((row) => row.userId));
    }
  }

  /** Forced (the admin mutation): waits for a rebuild under way, then rebuilds again. */
  async rebuild(): Promise<void> {
    const token = await this.lock(true);
    if (!token) throw conflict('Another leaderboard rebuild is taking too long; try again shortly');
    try {
      await this.rebuildLocked();
    } finally {
      await this.unlock(token);
    }
  }

  /** True once the sets are complete; false when another process holds the rebuild lock. */
  private async rebuildIfMissing(): Promise<boolean> {
    const token = await this.lock(false);
    if (!token) return false;
    try {
      if (!(await this.redis.exists(this.builtKey))) await this.rebuildLocked();
      return true;
    } finally {
      await this.unlock(token);
    }
  }

  private async lock(wait: boolean): Promise<string | undefined> {
    const token = randomUUID();
    const deadline = Date.now() + LOCK_TTL_MS;
    for (;;) {
      if (await this.redis.set(this.lockKey, token, 'PX', LOCK_TTL_MS, 'NX')) return token;
      if (!wait || Date.now() > deadline) return undefined;
      await sleep(100);
    }
  }

  private async unlock(token: string): Promise<void> {
    await this.redis.eval(UNLOCK, 1, this.lockKey, token);
  }

  private async rebuildLocked(): Promise<void> {
    const started = new Date();
    const week = isoWeek(started);
    const snapshot = await this.sql.snapshot(week);
    const coursePrefix = this.courseKey('');
    const staleCourseKeys = (await this.keysMatching(`${coursePrefix}*`)).filter(
      (key) => !snapshot.courses.has(key.slice(coursePrefix.length)),
    );

    // One MULTI: readers see the old sets or the new ones, never a half-written board.
    const multi = this.redis.multi();
    this.replace(multi, this.key({ scope: 'GLOBAL' }), snapshot.global);
    this.replace(multi, this.weeklyKey(week), snapshot.weekly);
    multi.expire(this.weeklyKey(week), WEEKLY_TTL_SECONDS);
    for (const [courseId, scores] of snapshot.courses) this.replace(multi, this.courseKey(courseId), scores);
    if (staleCourseKeys.length) multi.del(...staleCourseKeys);
    multi.set(this.builtKey, started.toISOString());
    checked(await multi.exec());

    // Scores written after a commit while the snapshot was being read were just overwritten by
    // older values; write them again, with everything still pending.
    const recent = await this.sql.learnersWithXpSince(new Date(started.getTime() - REBUILD_OVERLAP_MS));
    const pending = await this.db.pendingLeaderboardUpdate.findMany({ distinct: ['userId'], select: { userId: true } });
    await this.writeLearners([...new Set([...recent, ...pending.map((row) => row.userId)])]);
    this.log.info(
      { learners: snapshot.global.length, courses: snapshot.courses.size, week: week.label },
      'leaderboards rebuilt from the XP ledger',
    );
  }

  private replace(multi: ChainableCommander, key: string, scores: readonly Score[]): void {
    multi.del(key);
    for (let index = 0; index < scores.length; index += ZADD_CHUNK) {
      multi.zadd(key, ...scores.slice(index, index + ZADD_CHUNK).flatMap((score) => [-score.xp, score.userId]));
    }
  }

  /** Absolute scores of each learner from Postgres, then their pending rows are done. */
  private async writeLearners(userIds: readonly string[]): Promise<void> {
    const week = isoWeek(new Date());
    for (const userId of userIds) {
      // Read the pending rows first: the scores computed next include everything they stand for.
      const pending = await this.db.pendingLeaderboardUpdate.findMany({ where: { userId }, select: { id: true } });
      const scores = await this.sql.scoresOf(userId, week);
      const pipeline = this.redis.pipeline();
      if (scores.total > 0) pipeline.zadd(this.key({ scope: 'GLOBAL' }), 'LT', -scores.total, userId);
      if (scores.weekly > 0) {
        pipeline.zadd(this.weeklyKey(week), 'LT', -scores.weekly, userId);
        pipeline.expire(this.weeklyKey(week), WEEKLY_TTL_SECONDS);
      }
      for (const [courseId, xp] of scores.courses) pipeline.zadd(this.courseKey(courseId), 'LT', -xp, userId);
      checked(await pipeline.exec());
      if (pending.length) {
        await this.db.pendingLeaderboardUpdate.deleteMany({ where: { id: { in: pending.map((row) => row.id) } } });
      }
    }
  }

  private async redoStalePending(): Promise<void> {
    const stale = await this.db.pendingLeaderboardUpdate.findMany({
      where: { createdAt: { lt: new Date(Date.now() - STALE_PENDING_MS) } },
      distinct: ['userId'],
      select: { userId: true },
      take: 100,
    });
    if (stale.length) {
      this.log.info({ learners: stale.length }, 'redoing leaderboard updates lost after their commit');
      await this.writeLearners(stale.map((row) => row.userId));
    }
  }

  private async keysMatching(pattern: string): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return keys;
  }
}
