/**
 * One interface, two implementations: Redis sorted sets when REDIS_URL is set, SQL over the ledger
 * otherwise. Both rank the same way: XP descending, ties by userId ascending, rank = 1-based
 * position. Learners without XP on a board are not on it.
 */
import type { IsoWeek } from '../../rules/calendar.ts';
import type { ScoreChange } from '../progress.ts';

export type Board = { scope: 'GLOBAL' } | { scope: 'WEEKLY'; week: IsoWeek } | { scope: 'COURSE'; courseId: string };

export interface Score {
  userId: string;
  xp: number;
}

export interface Ranked extends Score {
  rank: number;
}

export interface LeaderboardStore {
  readonly kind: 'redis' | 'sql';
  /** The top `first` of a board. */
  top(board: Board, first: number): Promise<Ranked[]>;
  /** After a commit that gave `userId` XP: the boards show it once this resolves (`change`: the new scores, if known). */
  refresh(userId: string, change?: ScoreChange): Promise<void>;
  /** Recomputes every board from the ledger. */
  rebuild(): Promise<void>;
  /** Before the database client closes: finishes what is scheduled and schedules nothing more. */
  stop?(): Promise<void>;
}

export const ranked = (scores: readonly Score[]): Ranked[] => scores.map((score, index) => ({ rank: index + 1, ...score }));
