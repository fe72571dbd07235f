/**
 * Leaderboards straight from Postgres (the embedded mode, and Redis' source when it rebuilds):
 * GLOBAL from the learners' totals, WEEKLY and COURSE as sums over the ledger. Always current, so
 * nothing needs refreshing or rebuilding.
 */
import type { GamificationDb } from '../../db.ts';
import type { IsoWeek } from '../../rules/calendar.ts';
import { ranked, type Board, type LeaderboardStore, type Ranked, type Score } from './store.ts';

type Sums = Array<{ userId: string; _sum: { amount: number | null } }>;
const scores = (rows: Sums): Score[] => rows.map((row) => ({ userId: row.userId, xp: row._sum.amount ?? 0 }));

/** One learner's score on every board they are on. */
export interface LearnerScores {
  total: number;
  weekly: number;
  courses: Map<string, number>;
}

/** Every board's scores, for a rebuild. */
export interface Snapshot {
  global: Score[];
  weekly: Score[];
  courses: Map<string, Score[]>;
}

export class SqlLeaderboards implements LeaderboardStore {
  readonly kind = 'sql' as const;

  constructor(private readonly db: GamificationDb) {}

  async top(board: Board, first: number): Promise<Ranked[]> {
    if (board.scope === 'GLOBAL') {
      const rows = await this.db.learnerStats.findMany({
        where: { totalXp: { gt: 0 } },
        orderBy: [{ totalXp: 'desc' }, { userId: 'asc' }],
        take: first,
        select: { userId: true, totalXp: true },
      });
      return ranked(rows.map((row) => ({ userId: row.userId, xp: row.totalXp })));
    }
    const where =
      board.scope === 'WEEKLY' ? { occurredAt: { gte: board.week.start, lt: board.week.end } } : { courseId: board.courseId };
    const rows = await this.db.xpLedgerEntry.groupBy({
      by: ['userId'],
      where,
      _sum: { amount: true },
      orderBy: [{ _sum: { amount: 'desc' } }, { userId: 'asc' }],
      take: first,
    });
    return ranked(scores(rows));
  }

  async refresh(): Promise<void> {}

  async rebuild(): Promise<void> {}

  /** Two statements: per-course sums (their total is the global score) and the week's sum. */
  async scoresOf(userId: string, week: IsoWeek): Promise<LearnerScores> {
    const [perCourse, weekly] = await Promise.all([
      this.db.xpLedgerEntry.groupBy({ by: ['courseId'], where: { userId }, _sum: { amount: true } }),
      this.db.xpLedgerEntry.aggregate({
        where: { userId, occurredAt: { gte: week.start, lt: week.end } },
        _sum: { amount: true },
      }),
    ]);
    const courses = new Map<string, number>();
    let total = 0;
    for (const row of perCourse) {
      total += row._sum.amount ?? 0;
      if (row.courseId) courses.set(row.courseId, row._sum.amount ?? 0);
    }
    return { total, weekly: weekly._sum.amount ?? 0, courses };
  }

  async snapshot(week: IsoWeek): Promise<Snapshot> {
    const [global, weekly, perCourse] = await Promise.all([
      this.db.xpLedgerEntry.groupBy({ by: ['userId'], _sum: { amount: true } }),
      this.db.xpLedgerEntry.groupBy({
        by: ['userId'],
        where: { occurredAt: { gte: week.start, lt: week.end } },
        _sum: { amount: true },
      }),
      this.db.xpLedgerEntry.groupBy({ by: ['courseId', 'userId'], where: { courseId: { not: null } }, _sum: { amount: true } }),
    ]);
    const courses = new Map<string, Score[]>();
    for (const row of perCourse) {
      const list = courses.get(row.courseId!) ?? [];
      list.push({ userId: row.userId, xp: row._sum.amount ?? 0 });
      courses.set(row.courseId!, list);
    }
    return { global: scores(global), weekly: scores(weekly), courses };
  }

  /** Learners with ledger entries written since `since` (a rebuild rewrites their scores). */
  async learnersWithXpSince(since: Date): Promise<string[]> {
    const rows = await this.db.xpLedgerEntry.findMany({
      where: { createdAt: { gte: since } },
      distinct: ['userId'],
      select: { userId: true },
    });
    return rows.map((row) => row.userId);
  }
}
