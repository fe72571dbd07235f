/**
 * The effects of learning events, inside the consumer's transaction (so they commit with the
 * inbox row, exactly once): ledger entry, stats, streak, level, badges and the follow-up events.
 * Everything is derived from the event (its occurredAt and payload), never from the clock, so a
 * redelivery or a replay computes the same result.
 */
import type { Logger } from '#platform/logger.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { canonicalTimezone } from '#libs/timezones/timezones.ts';
import type { GamificationTx } from '../db.ts';
import type { Badge, LearnerStats } from '../generated/prisma/client.ts';
import { achievementsOf, applyProgress, type LearnerState } from '../rules/learner.ts';
import { badgesMet } from '../rules/badges.ts';
import { progressOf, type Progress, type ProgressEvent } from '../rules/xp.ts';
import type { BadgeCatalog } from './badges.ts';

export interface ProgressOptions {
  /** Leaderboards live in Redis: note each XP change so a lost after-commit write is redone. */
  trackLeaderboardWrites: boolean;
}

const state = ({ userId: _userId, createdAt: _createdAt, updatedAt: _updatedAt, ...rest }: LearnerStats): LearnerState => rest;

export class ProgressRecorder {
  constructor(
    private readonly events: SubgraphEvents,
    private readonly badges: BadgeCatalog,
    private readonly options: ProgressOptions,
  ) {}

  /**
   * Upserting the learner's row is the first statement: it takes the row lock, so two events of one
   * learner handled at once (two replicas) run one after the other, each on the other's result.
   */
  private lockLearner(tx: GamificationTx, userId: string): Promise<LearnerStats> {
    return tx.learnerStats.upsert({ where: { userId }, create: { userId }, update: { updatedAt: new Date() } });
  }

  async record(tx: GamificationTx, event: ProgressEvent): Promise<void> {
    const progress = progressOf(event);
    const { userId } = progress;
    const before = state(await this.lockLearner(tx, userId));
    const newPerfectQuest = await this.firstPerfectScore(tx, progress);
    const { next, levelReached } = applyProgress(before, progress, newPerfectQuest);

    if (progress.xp > 0) {
      await tx.xpLedgerEntry.create({
        data: {
          userId,
          amount: progress.xp,
          reason: progress.reason,
          sourceEventId: event.id,
          courseId: progress.courseId,
          occurredAt: progress.occurredAt,
        },
      });
      if (this.options.trackLeaderboardWrites) await tx.pendingLeaderboardUpdate.create({ data: { userId } });
    }
    await tx.learnerStats.update({ where: { userId }, data: next });
    const earned = await this.awardBadges(tx, userId, next, event.id, progress.occurredAt);

    if (progress.xp > 0) {
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
    for (const badge of earned) {
      await this.events.stage(tx, 'ACHIEVEMENT_UNLOCKED', {
        userId,
        badgeId: badge.id,
        badgeSlug: badge.slug,
        badgeName: badge.name,
        badgeDescription: badge.description,
      });
    }
  }

  /** True when this event is the learner's first score of 100 on its quest. */
  private async firstPerfectScore(tx: GamificationTx, progress: Progress): Promise<boolean> {
    if (!progress.perfectQuestId) return false;
    const { count } = await tx.perfectQuest.createMany({
      data: [{ userId: progress.userId, questId: progress.perfectQuestId, firstAt: progress.occurredAt }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  /**
   * Every rule is checked on every event, so a badge added later is awarded at the next event. The
   * unique (userId, badgeId) keeps held badges out: the rows inserted are the badges just earned.
   */
  private async awardBadges(
    tx: GamificationTx,
    userId: string,
    learner: LearnerState,
    sourceEventId: string,
    awardedAt: Date,
  ): Promise<Badge[]> {
    const met = badgesMet(this.badges.rules(), achievementsOf(learner));
    if (!met.length) return [];
    const inserted = await tx.badgeAward.createManyAndReturn({
      data: met.map((badge) => ({ userId, badgeId: badge.id, sourceEventId, awardedAt })),
      skipDuplicates: true,
      select: { badgeId: true },
    });
    const earned = new Set(inserted.map((award) => award.badgeId));
    return met.filter((badge) => earned.has(badge.id));
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
