/**
 * The job scheduler behind reminders and delayed emails. Jobs are rows (due time, kind, a unique
 * key: scheduling the same job again changes only its due time while pending). Each due job is
 * claimed with FOR UPDATE SKIP LOCKED and marked DONE in the very transaction that enqueues its
 * emails: with several replicas (or loops) a job fires once, and a restart loses none (due jobs
 * fire at start). A failing job is retried with backoff and set aside as FAILED after a few tries.
 */
import type { Logger } from '#platform/logger.ts';
import { PeriodicTask } from '#platform/periodic.ts';
import { tableIn, type MessagingDb, type MessagingTx } from '../db.ts';
import type { JobKind, Prisma } from '../generated/prisma/client.ts';

const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 30_000;

export interface NewJob {
  key: string;
  kind: JobKind;
  subject: string;
  dueAt: Date;
  payload: Prisma.InputJsonObject;
}

export interface DueJob {
  id: string;
  key: string;
  kind: JobKind;
  dueAt: Date;
  payload: Record<string, unknown>;
}

/** What a job of each kind does, inside the transaction that marks it done. */
export type JobHandlers = Record<JobKind, (tx: MessagingTx, job: DueJob) => Promise<void>>;

export class Scheduler {
  private readonly task: PeriodicTask;
  private readonly table: string;
  private handlers: JobHandlers | undefined;

  constructor(
    private readonly db: MessagingDb,
    schema: string,
    private readonly logger: Logger,
    pollMs: number,
  ) {
    this.task = new PeriodicTask(() => this.runDue(), pollMs, logger, 'scheduler round failed');
    this.table = tableIn(schema)('ScheduledJob');
  }

  /** The handlers are services built after the scheduler (they schedule jobs themselves). */
  handle(handlers: JobHandlers): void {
    this.handlers = handlers;
  }

  /** Idempotent: an existing job keeps its key; while pending it takes the new due time (a moved start). */
  async schedule(tx: MessagingTx, jobs: readonly NewJob[]): Promise<void> {
    if (!jobs.length) return;
    await tx.scheduledJob.createMany({ data: [...jobs], skipDuplicates: true });
    for (const job of jobs)
      await tx.scheduledJob.updateMany({
        where: { key: job.key, status: 'PENDING', dueAt: { not: job.dueAt } },
        data: { dueAt: job.dueAt, payload: job.payload },
      });
  }

  /** The pending jobs about `subject` will not fire (a cancelled booking or webinar). */
  async cancel(tx: MessagingTx, subject: string): Promise<number> {
    const { count } = await tx.scheduledJob.updateMany({ where: { subject, status: 'PENDING' }, data: { status: 'CANCELLED' } });
    return count;
  }

  /** Fires one job due at `now`, if any is left unclaimed; returns its id. */
  private async fireOne(now: Date, failing: { id?: string }): Promise<string | undefined> {
    const handlers = this.handlers;
    if (!handlers) throw new Error('Scheduler.handle() has not run');
    return this.db.$transaction(async (tx) => {
      const [job] = await tx.$queryRawUnsafe<DueJob[]>(
        `SELECT id, key, kind, "dueAt", payload FROM ${this.table}
          WHERE status = 'PENDING' AND "dueAt" <= $1
          ORDER BY "dueAt", id LIMIT 1
          FOR UPDATE SKIP LOCKED`,
        now,
      );
      if (!job) return undefined;
      failing.id = job.id;
      await handlers[job.kind](tx, job);
      await tx.scheduledJob.update({
        where: { id: job.id },
        data: { status: 'DONE', doneAt: new Date(), attempts: { increment: 1 } },
      });
      return job.id;
    });
  }

  private async recordFailure(id: string, error: unknown): Promise<void> {
    const job = await this.db.scheduledJob.findUnique({ where: { id }, select: { attempts: true } });
    if (!job) return;
    const attempts = job.attempts + 1;
    await this.db.scheduledJob.updateMany({
      where: { id, status: 'PENDING' },
      data: {
        attempts,
        status: attempts >= MAX_ATTEMPTS ? 'FAILED' : 'PENDING',
        dueAt: new Date(Date.now() + RETRY_BASE_MS * 4 ** (attempts - 1)),
        lastError: String((error as Error).message ?? error).slice(0, 500),
      },
    });
    this.logger.error({ err: error, jobId: id, attempts }, 'scheduled job failed');
  }

  /** Fires every job due now; returns how many fired. */
  async runDue(now = new Date()): Promise<number> {
    let fired = 0;
    for (;;) {
      const failing: { id?: string } = {};
      try {
        if (!(await this.fireOne(now, failing))) return fired;
        fired += 1;
      } catch (error) {
        if (!failing.id) throw error;
        await this.recordFailure(failing.id, error);
      }
    }
  }

  start(): void {
    this.task.start();
  }

  /** No new run starts; the one under way finishes. */
  async stop(): Promise<void> {
    await this.task.stop();
  }
}
