/** What the User fields show: XP, level, streak and badges, with defaults for newcomers. */
import type { GamificationDb } from '../db.ts';
import type { Badge, LearnerStats } from '../generated/prisma/client.ts';
import { localDay } from '../rules/calendar.ts';
import { streakOf } from '../rules/learner.ts';
import { levelFor, nextLevelXp } from '../rules/levels.ts';
import { NO_STREAK, streakAsOf, type Streak } from '../rules/streaks.ts';

export interface LearnerView {
  xp: number;
  level: number;
  nextLevelXp: number;
  streak: Streak;
}

/** A learner without any event yet: 0 XP, level 1, no streak, the starting freezes. */
export const NEWCOMER: LearnerView = { xp: 0, level: 1, nextLevelXp: nextLevelXp(1), streak: NO_STREAK };

/** The stats as of `now`: a streak that has lapsed in the learner's timezone shows 0 days. */
export function learnerView(stats: LearnerStats | undefined, now: Date): LearnerView {
  if (!stats) return NEWCOMER;
  const level = Math.max(stats.level, levelFor(stats.totalXp));
  return {
    xp: stats.totalXp,
    level,
    nextLevelXp: nextLevelXp(level),
    streak: streakAsOf(streakOf(stats), localDay(now, stats.timezone)),
  };
}

export class Learners {
  constructor(private readonly db: GamificationDb) {}

  async views(userIds: readonly string[], now = new Date()): Promise<LearnerView[]> {
    const rows = await this.db.learnerStats.findMany({ where: { userId: { in: [...userIds] } } });
    const byUser = new Map(rows.map((row) => [row.userId, row]));
    return userIds.map((userId) => learnerView(byUser.get(userId), now));
  }

  /** Each learner's badges, oldest first (badges earned by one event in display order). */
  async badges(userIds: readonly string[]): Promise<Badge[][]> {
    const awards = await this.db.badgeAward.findMany({
      where: { userId: { in: [...userIds] } },
      include: { badge: true },
      orderBy: [{ awardedAt: 'asc' }, { badge: { position: 'asc' } }],
    });
    const byUser = new Map<string, Badge[]>();
    for (const award of awards) {
      const list = byUser.get(award.userId) ?? [];
      list.push(award.badge);
      byUser.set(award.userId, list);
    }
    return userIds.map((userId) => byUser.get(userId) ?? []);
  }

  stats(userId: string): Promise<LearnerStats | null> {
    return this.db.learnerStats.findUnique({ where: { userId } });
  }
}
