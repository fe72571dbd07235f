/**
 * The effects of learning events, inside the consumer's transaction (so they commit with the
 * inbox row, exactly once): ledger entry, stats, streak, level, badges and the follow-up events,
 * in two statements (progress-statements.ts).
 * Everything is derived from the event (its occurredAt and payload), never from the clock, so a
 * redelivery or a replay computes the same result.
 */
import { LRUCache } from 'lru-cache';
import { uuid7 } from '#platform/db/uuid7.ts';
import type { Logger } from '#platform/logger.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { canonicalTimezone } from '#libs/timezones/timezones.ts';
import type { GamificationTx } from '../db.ts';
import type { LearnerStats } from '../generated/prisma/client.ts';
import { achievementsOf, applyProgress, type LearnerState } from '../rules/learner.ts';
import { badgesMet } from '../rules/badges.ts';
import { isoWeek, type IsoWeek } from '../rules/calendar.ts';
import { progressOf, type ProgressEvent } from '../rules/xp.ts';
import type { BadgeCatalog } from './badges.ts';
import { ProgressStatements } from './progress-statements.ts';

export interface ProgressOptions {
  /** Leaderboards live in Redis: note each XP change so a lost after-commit write is redone. */
  trackLeaderboardWrites: boolean;
  /** The Postgres schema of the subgraph's tables (raw SQL). */
  schema: string;
}

/** What an event's commit changes on the leaderboards, for the after-commit write (no read needed). */
export interface ScoreChange {
  userId: string;
  total: number;
  week: IsoWeek;
  weekly: number;
  course: { courseId: string; xp: number } | null;
  /** The note to clear once the boards show the change. */
  pendingId: string | null;
}

const state = ({ userId: _userId, createdAt: _createdAt, updatedAt: _updatedAt, ...rest }: LearnerStats): LearnerState => rest;

export class ProgressRecorder {
  private readonly statements: ProgressStatements;
  /** Score changes by event id, from the handler to its after-commit step (bounded: a rolled-back one is never taken). */
  private readonly changes = new LRUCache<string, ScoreChange>({ max: 10_000 });

  constructor(
    private readonly events: SubgraphEvents,
    private readonly badges: BadgeCatalog,
    private readonly options: ProgressOptions,
  ) {
    this.statements = new ProgressStatements(options.schema);
  }

  /** The leaderboard change an event's committed handling made (once). */
  takeScoreChange(eventId: string): ScoreChange | undefined {
    const change = this.changes.get(eventId);
    this.changes.delete(eventId);
    return change;
  }

  async record(tx: GamificationTx, event: ProgressEvent): Promise<void> {
    const progress = progressOf(event);
    const { userId } = progress;
    const { learner, newPerfectQuest } = await this.statements.lockLearner(tx, progress);
    const { next, levelReached } = applyProgress(state(learner), progress, newPerfectQuest);
    // Every rule is checked on every event, so a badge added later is awarded at the next event.
    // The unique (userId, badgeId) keeps held badges out: the rows inserted are the badges just earned.
    const met = badgesMet(this.badges.rules(), achievementsOf(next));
    const pendingId = progress.xp > 0 && this.options.trackLeaderboardWrites ? uuid7() : null;
    const week = isoWeek(new Date());
    const written = await this.statements.write(tx, {
      userId,
      eventId: event.id,
      progress,
      next,
      badgeIds: met.map((badge) => badge.id),
      pendingId,
      week,
    });
    const earned = new Set(written.awardedBadgeIds);

    if (progress.xp > 0) {
      const inWeek = progress.occurredAt >= week.start && progress.occurredAt < week.end;
      this.changes.set(event.id, {
        userId,
        total: next.totalXp,
        week,
        weekly: written.weeklyBefore + (inWeek ? progress.xp : 0),
        course: progress.courseId ? { courseId: progress.courseId, xp: written.courseBefore + progress.xp } : null,
        pendingId,
      });
      await this.events.stage(tx, 'XP_AWARDED', {
        userId,
        amount: progress.xp,
        totalXp: next.totalXp,
        reason: progress.reason,
        sourceEventId: event.id,
        courseId: progress.courseId,
      });
    }
    if (levelReached) await this.events.stage(tx, 'LEVEL_REACHED', { userId, level: levelReached, totalXp: next.totalXp });
    for (const badge of met.filter((each) => earned.has(each.id))) {
      await this.events.stage(tx, 'ACHIEVEMENT_UNLOCKED', {
        userId,
        badgeId: badge.id,
        badgeSlug: badge.slug,
        badgeName: badge.name,
        badgeDescription: badge.description,
      });
    }
  }

  /** Remembers the learner's timezone for the days of their streak; an unknown zone means UTC. */
  async setTimezone(tx: GamificationTx, userId: string, zone: string, log: Logger): Promise<void> {
    const timezone = canonicalTimezone(zone);
    if (!timezone) log.warn({ userId, timezone: zone }, 'unknown timezone in profile; counting days in UTC');
    await tx.learnerStats.upsert({
      where: { userId },
      create: { userId, timezone: timezone ?? 'UTC' },
      update: { timezone: timezone ?? 'UTC' },
    });
  }
}
