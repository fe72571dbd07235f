/**
 * What messaging knows of users, from other subgraphs' events: where to write (USER_REGISTERED's
 * email, accounts), in which language and timezone (PROFILE_UPDATED, profiles), and which
 * email categories they turned off (EMAIL_PREFERENCE_CHANGED, notifications: the source of truth).
 */
import type { MessagingTx } from '../db.ts';
import type { EmailCategory, Recipient } from '../generated/prisma/client.ts';

export class Directory {
  async registered(tx: MessagingTx, user: { userId: string; displayName: string; email?: string | undefined }): Promise<void> {
    const { userId, displayName, email } = user;
    await tx.recipient.upsert({
      where: { userId },
      create: { userId, displayName, email: email ?? null },
      update: { displayName, ...(email ? { email } : {}) },
    });
  }

  async profileUpdated(tx: MessagingTx, { userId, locale, timezone }: { userId: string; locale: string; timezone: string }) {
    await tx.recipient.upsert({ where: { userId }, create: { userId, locale, timezone }, update: { locale, timezone } });
  }

  /** Applied when newer than what is held: a late, older change never overwrites a newer one. */
  async preferenceChanged(
    tx: MessagingTx,
    change: { userId: string; category: EmailCategory; enabled: boolean; changedAt: Date },
  ): Promise<boolean> {
    const { userId, category, enabled, changedAt } = change;
    const { count } = await tx.emailPreference.updateMany({
      where: { userId, category, changedAt: { lt: changedAt } },
      data: { enabled, changedAt },
    });
    if (count) return true;
    const created = await tx.emailPreference.createMany({
      data: [{ userId, category, enabled, changedAt }],
      skipDuplicates: true,
    });
    return created.count > 0;
  }

  async isDisabled(tx: MessagingTx, userId: string, category: EmailCategory): Promise<boolean> {
    const row = await tx.emailPreference.findUnique({ where: { userId_category: { userId, category } } });
    return row?.enabled === false;
  }

  async recipients(tx: MessagingTx, userIds: readonly string[]): Promise<Map<string, Recipient>> {
    const rows = await tx.recipient.findMany({ where: { userId: { in: [...new Set(userIds)] } } });
    return new Map(rows.map((row) => [row.userId, row]));
  }

  /** The (user, category) pairs turned off among `userIds`, as "userId category". */
  async disabled(tx: MessagingTx, userIds: readonly string[]): Promise<Set<string>> {
    const rows = await tx.emailPreference.findMany({
      where: { userId: { in: [...new Set(userIds)] }, enabled: false },
      select: { userId: true, category: true },
    });
    return new Set(rows.map((row) => `${row.userId} ${row.category}`));
  }

  /** Display names for the words of an email ("your session with Ada"); a user never heard of is "DoctorPy". */
  async names(tx: MessagingTx, userIds: readonly string[]): Promise<(userId: string) => string> {
    const recipients = await this.recipients(tx, userIds);
    return (userId) => recipients.get(userId)?.displayName ?? 'DoctorPy';
  }

  async isKnown(tx: MessagingTx, userId: string): Promise<boolean> {
    return (await tx.recipient.count({ where: { userId } })) > 0;
  }
}
