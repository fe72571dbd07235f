/**
 * The orphan sweeper: uploads never completed (PENDING) and REJECTED files older than
 * MEDIA_PENDING_TTL_SECONDS are deleted with their objects (an upload URL long expired can no
 * longer write). It runs at start and every MEDIA_SWEEP_MS. A file being completed right now (its
 * lease held) is left alone; several replicas may sweep at once: each row is deleted once, by
 * a conditional delete, and only its deleter releases its quota and objects.
 */
import type { Logger } from '#platform/logger.ts';
import { PeriodicTask } from '#platform/periodic.ts';
import type { MediaDb } from '../db.ts';
import type { File } from '../generated/prisma/client.ts';
import { keysOf } from '../rules/keys.ts';
import type { StorageDriver } from '../storage/driver.ts';
import { THUMBNAIL_WIDTHS } from './avatar-images.ts';
import type { Quotas } from './quotas.ts';

const BATCH = 100;

export class OrphanSweeper {
  private readonly task: PeriodicTask;

  constructor(
    private readonly db: MediaDb,
    private readonly storage: StorageDriver,
    private readonly quotas: Quotas,
    private readonly logger: Logger,
    private readonly options: { ttlMs: number; intervalMs: number },
  ) {
    this.task = new PeriodicTask(() => this.sweep(), options.intervalMs, logger, 'media orphan sweep failed');
  }

  /** Deletes what is older than the TTL at `now`; returns how many files it deleted. */
  async sweep(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.options.ttlMs);
    let deleted = 0;
    const skipped = new Set<string>();
    for (;;) {
      const due = await this.db.file.findMany({
        where: { status: { in: ['PENDING', 'REJECTED'] }, createdAt: { lt: cutoff }, id: { notIn: [...skipped] } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: BATCH,
      });
      for (const file of due) {
        try {
          if (await this.remove(file, now)) deleted += 1;
          else skipped.add(file.id);
        } catch (error) {
          skipped.add(file.id);
          this.logger.error({ err: error, fileId: file.id }, 'orphaned upload not deleted; the next sweep retries');
        }
      }
      if (due.length < BATCH) break;
    }
    if (deleted) this.logger.info({ deleted }, 'orphaned uploads deleted');
    return deleted;
  }

  private async remove(file: File, now: Date): Promise<boolean> {
    const removed = await this.db.$transaction(async (tx) => {
      const { count } = await tx.file.deleteMany({
        where: {
          id: file.id,
          status: file.status,
          OR: [{ completionLeaseUntil: null }, { completionLeaseUntil: { lt: now } }],
        },
      });
      if (count && file.status === 'PENDING') await this.quotas.adjust(tx, file.ownerId, file.purpose, -file.byteSize);
      return count > 0;
    });
    if (removed) await this.storage.delete(keysOf({ ...file, thumbnailWidths: [...THUMBNAIL_WIDTHS] }));
    return removed;
  }

  start(): void {
    this.task.start();
  }

  /** No new run starts; the one under way finishes. */
  async stop(): Promise<void> {
    await this.task.stop();
  }
}
