/**
 * The two statements of a progress event inside the consumer's transaction (the platform adds its
 * inbox and outbox statement before the commit):
 * 1. the learner's row, created or touched, which takes its row lock (two events of one learner
 *    handled at once run one after the other, each on the other's result), with the first
 *    perfect score on the quest, inserted only once that lock is held;
 * 2. every write the event makes (ledger entry, stats, badge awards, leaderboard note), returning
 *    the awards actually inserted and the learner's week and course XP for the leaderboards.
 */
import { uuid7 } from '#platform/db/uuid7.ts';
import { empty, identifier, join, sql, tableOf, timestampOf, type RawSql } from '#platform/events/outbox-sql.ts';
import type { LearnerStats } from '../generated/prisma/client.ts';
import type { IsoWeek } from '../rules/calendar.ts';
import type { LearnerState } from '../rules/learner.ts';
import type { Progress } from '../rules/xp.ts';

export interface ProgressWrites {
  userId: string;
  eventId: string;
  progress: Progress;
  next: LearnerState;
  /** The badges whose rules the learner now meets (held ones are skipped by the unique key). */
  badgeIds: string[];
  /** Note the XP change for the leaderboards in Redis (see RedisLeaderboards). */
  pendingId: string | null;
  week: IsoWeek;
}

export interface WritesOutcome {
  awardedBadgeIds: string[];
  /** The learner's XP this week and in the event's course, before this event's entry. */
  weeklyBefore: number;
  courseBefore: number;
}

export class ProgressStatements {
  constructor(private readonly schema: string) {}

  private table(name: string) {
    return tableOf(this.schema, name);
  }

  async lockLearner(tx: RawSql, progress: Progress): Promise<{ learner: LearnerStats; newPerfectQuest: boolean }> {
    const now = timestampOf(new Date());
    const perfect = progress.perfectQuestId
      ? sql`, perfect AS (
          INSERT INTO ${this.table('PerfectQuest')} ("userId", "questId", "firstAt")
          SELECT learner."userId", ${progress.perfectQuestId}, ${timestampOf(progress.occurredAt)} FROM learner
          ON CONFLICT DO NOTHING RETURNING 1
        )`
      : empty;
    const [row] = await tx.$queryRaw<Array<LearnerStats & { newPerfectQuest: boolean }>>(sql`
      WITH learner AS (
        INSERT INTO ${this.table('LearnerStats')} ("userId", "createdAt", "updatedAt") VALUES (${progress.userId}, ${now}, ${now})
        ON CONFLICT ("userId") DO UPDATE SET "updatedAt" = EXCLUDED."updatedAt"
        RETURNING *
      )${perfect}
      SELECT learner.*, ${progress.perfectQuestId ? sql`EXISTS (SELECT 1 FROM perfect)` : sql`false`} AS "newPerfectQuest" FROM learner`);
    const { newPerfectQuest, ...learner } = row!;
    return { learner, newPerfectQuest };
  }

  async write(tx: RawSql, writes: ProgressWrites): Promise<WritesOutcome> {
    const { userId, progress, next } = writes;
    const now = timestampOf(new Date());
    const changes = Object.entries(next).map(([column, value]) => sql`${identifier(column)} = ${value}`);
    const ledger =
      progress.xp > 0
        ? sql`, ledger AS (
            INSERT INTO ${this.table('XpLedgerEntry')} ("id", "userId", "amount", "reason", "sourceEventId", "courseId", "occurredAt", "createdAt")
            VALUES (${uuid7()}, ${userId}, ${progress.xp}, ${progress.reason}::${this.table('XpReason')}, ${writes.eventId},
              ${progress.courseId}, ${timestampOf(progress.occurredAt)}, ${now})
          )`
        : empty;
    const pending = writes.pendingId
      ? sql`, pending AS (
          INSERT INTO ${this.table('PendingLeaderboardUpdate')} ("id", "userId", "createdAt") VALUES (${writes.pendingId}, ${userId}, ${now})
        )`
      : empty;
    const awards = writes.badgeIds.length
      ? sql`, awards AS (
          INSERT INTO ${this.table('BadgeAward')} ("id", "userId", "badgeId", "sourceEventId", "awardedAt")
          VALUES ${join(writes.badgeIds.map((badgeId) => sql`(${uuid7()}, ${userId}, ${badgeId}, ${writes.eventId}, ${timestampOf(progress.occurredAt)})`))}
          ON CONFLICT ("userId", "badgeId") DO NOTHING RETURNING "badgeId"
        )`
      : empty;
    const ledgerTable = this.table('XpLedgerEntry');
    const [row] = await tx.$queryRaw<WritesOutcome[]>(sql`
      WITH stats AS (
        UPDATE ${this.table('LearnerStats')} SET ${join(changes)}, "updatedAt" = ${now} WHERE "userId" = ${userId} RETURNING 1
      )${ledger}${pending}${awards}
      SELECT
        ${writes.badgeIds.length ? sql`COALESCE((SELECT json_agg("badgeId") FROM awards), '[]'::json)` : sql`'[]'::json`} AS "awardedBadgeIds",
        (SELECT COALESCE(sum("amount"), 0)::int FROM ${ledgerTable}
          WHERE "userId" = ${userId} AND "occurredAt" >= ${timestampOf(writes.week.start)} AND "occurredAt" < ${timestampOf(writes.week.end)}) AS "weeklyBefore",
        (SELECT COALESCE(sum("amount"), 0)::int FROM ${ledgerTable}
          WHERE "userId" = ${userId} AND "courseId" = ${progress.courseId}::text) AS "courseBefore"`);
    return row!;
  }
}
