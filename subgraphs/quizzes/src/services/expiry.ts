/**
 * The deadline sweeper: grades as EXPIRED, with the answers they have, the attempts whose deadline
 * has passed. It runs at start (attempts that expired while the process was down) and then every
 * QUIZ_EXPIRY_SWEEP_MS. Several replicas may sweep at once: grading is once per attempt anyway.
 */
import type { Logger } from '#platform/logger.ts';
import { PeriodicTask } from '#platform/periodic.ts';
import type { QuizzesDb } from '../db.ts';
import type { AttemptGrader } from './grading.ts';

const BATCH = 100;

export class ExpirySweeper {
  private readonly task: PeriodicTask;

  constructor(
    private readonly db: QuizzesDb,
    private readonly grader: AttemptGrader,
    private readonly logger: Logger,
    intervalMs: number,
  ) {
    this.task = new PeriodicTask(() => this.sweep(), intervalMs, logger, 'quiz expiry sweep failed');
  }

  /** Grades every attempt past its deadline at `now`; returns how many it graded. */
  async sweep(now = new Date()): Promise<number> {
    let graded = 0;
    const failed = new Set<string>();
    for (;;) {
      const due = await this.db.quizAttempt.findMany({
        where: { status: 'IN_PROGRESS', deadline: { lte: now }, id: { notIn: [...failed] } },
        orderBy: [{ deadline: 'asc' }, { id: 'asc' }],
        select: { id: true },
        take: BATCH,
      });
      for (const { id } of due) {
        try {
          await this.grader.grade(id, true, now);
          graded += 1;
        } catch (error) {
          // Left for the next sweep; the others go on.
          failed.add(id);
          this.logger.error({ err: error, attemptId: id }, 'expired attempt not graded; the next sweep retries');
        }
      }
      if (due.length < BATCH) break;
    }
    if (graded) this.logger.info({ graded }, 'expired quiz attempts graded');
    return graded;
  }

  start(): void {
    this.task.start();
  }

  /** No new run starts; the one under way finishes. */
  async stop(): Promise<void> {
    await this.task.stop();
  }
}
