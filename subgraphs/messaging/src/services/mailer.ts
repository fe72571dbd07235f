/**
 * Puts emails in the outbox, rendered, inside the caller's transaction (a consumer's, or a
 * scheduled job's): an email exists if and only if what caused it committed, and its dedupe key
 * (the cause) means the same cause never enqueues it twice. Users without a known address, and
 * categories a user turned off, get nothing. The sender loop (sender.ts) delivers them.
 */
import type { Logger } from '#platform/logger.ts';
import type { MessagingTx } from '../db.ts';
import { CATEGORY_OF, type EmailContent } from '../email/content.ts';
import { renderEmail } from '../email/render.ts';
import type { Directory } from './directory.ts';
import type { UnsubscribeLinks } from './unsubscribe.ts';

export interface Mail {
  userId: string;
  /** What caused it, unique (e.g. booking-confirmed:<bookingId>:<userId>). */
  dedupeKey: string;
  content: EmailContent;
}

export class Mailer {
  constructor(
    private readonly directory: Directory,
    private readonly links: UnsubscribeLinks,
    private readonly appUrl: string,
    private readonly logger: Logger,
  ) {}

  /** Returns how many were enqueued (not counting those skipped or enqueued before). */
  async enqueue(tx: MessagingTx, mails: readonly Mail[]): Promise<number> {
    if (!mails.length) return 0;
    const userIds = mails.map((mail) => mail.userId);
    const [recipients, disabled] = await Promise.all([
      this.directory.recipients(tx, userIds),
      this.directory.disabled(tx, userIds),
    ]);
    const rows = [];
    for (const { userId, dedupeKey, content } of mails) {
      const category = CATEGORY_OF[content.kind];
      const recipient = recipients.get(userId);
      if (!recipient?.email) {
        this.logger.debug({ userId, kind: content.kind }, 'no known email address: email skipped');
        continue;
      }
      if (category !== 'ACCOUNT' && disabled.has(`${userId} ${category}`)) continue;
      const unsubscribeUrl = this.links.url(userId, category);
      const email = renderEmail(content, {
        locale: recipient.locale,
        timeZone: recipient.timezone,
        recipientName: recipient.displayName ?? recipient.email,
        appUrl: this.appUrl,
        ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
      });
      rows.push({
        dedupeKey,
        userId,
        to: recipient.email,
        subject: email.subject,
        text: email.text,
        html: email.html,
        category,
        locale: email.locale,
        // RFC 8058: mail clients offer "unsubscribe" and POST to the link themselves.
        headers: unsubscribeUrl
          ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
          : {},
      });
    }
    if (!rows.length) return 0;
    const { count } = await tx.email.createMany({ data: rows, skipDuplicates: true });
    return count;
  }
}
