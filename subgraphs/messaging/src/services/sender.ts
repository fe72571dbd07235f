/**
 * The email sender: claims due emails of the outbox (FOR UPDATE SKIP LOCKED, so replicas never
 * claim the same one) with a lease, sends them outside any transaction, then marks them SENT, or
 * schedules the next attempt with backoff, FAILED after MESSAGING_EMAIL_MAX_ATTEMPTS. A sender that
 * dies mid-send leaves its claim to expire and the email is tried again (at least once: the
 * Message-ID stays the same).
 */
import type { Logger } from '#platform/logger.ts';
import { PeriodicTask } from '#platform/periodic.ts';
import { tableIn, type MessagingDb } from '../db.ts';
import { emailRetryDelayMs } from '../rules/schedule.ts';
import type { MailTransport } from './transport.ts';

const BATCH = 10;
const LEASE_MS = 2 * 60_000;

interface ClaimedEmail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  attempts: number;
}

export interface SenderOptions {
  from: string;
  pollMs: number;
  maxAttempts: number;
  retryBaseMs: number;
}

export class EmailSender {
  private readonly task: PeriodicTask;
  private readonly table: string;

  constructor(
    private readonly db: MessagingDb,
    schema: string,
    readonly transport: MailTransport,
    private readonly options: SenderOptions,
    private readonly logger: Logger,
  ) {
    this.task = new PeriodicTask(() => this.drain(), options.pollMs, logger, 'email sending failed');
    this.table = tableIn(schema)('Email');
  }

  /** Claims up to BATCH emails due at `now`, for LEASE_MS. */
  private claim(now: Date): Promise<ClaimedEmail[]> {
    return this.db.$queryRawUnsafe<ClaimedEmail[]>(
      `UPDATE ${this.table} SET "lockedUntil" = $2, attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM ${this.table}
           WHERE status = 'PENDING' AND "nextAttemptAt" <= $1 AND ("lockedUntil" IS NULL OR "lockedUntil" < $1)
           ORDER BY "nextAttemptAt", id
           LIMIT ${BATCH}
           FOR UPDATE SKIP LOCKED)
        RETURNING id, "to", subject, text, html, headers, attempts`,
      now,
      new Date(now.getTime() + LEASE_MS),
    );
  }

  private async deliver(email: ClaimedEmail): Promise<boolean> {
    try {
      await this.transport.send({ ...email, from: this.options.from });
      await this.db.email.update({
        where: { id: email.id },
        data: { status: 'SENT', sentAt: new Date(), lockedUntil: null, lastError: null },
      });
      return true;
    } catch (error) {
      const failed = email.attempts >= this.options.maxAttempts;
      const lastError = String((error as Error).message ?? error).slice(0, 500);
      await this.db.email.update({
        where: { id: email.id },
        data: {
          status: failed ? 'FAILED' : 'PENDING',
          lockedUntil: null,
          lastError,
          nextAttemptAt: new Date(Date.now() + emailRetryDelayMs(email.attempts, this.options.retryBaseMs)),
        },
      });
      this.logger.warn({ emailId: email.id, attempts: email.attempts, failed, err: error }, 'email not sent');
      return false;
    }
  }

  /** Sends everything due now; returns how many were sent. */
  async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const claimed = await this.claim(new Date());
      for (const email of claimed) if (await this.deliver(email)) sent += 1;
      if (claimed.length < BATCH) return sent;
    }
  }

  start(): void {
    this.task.start();
  }

  /** No new run starts; the one under way finishes. */
  async stop(): Promise<void> {
    await this.task.stop();
    this.transport.close();
  }
}
