/**
 * Which emails a user wants (the email channel of preferences): every category is on until turned
 * off, here or through an email's unsubscribe link (messaging's EMAIL_UNSUBSCRIBED). This is the
 * source of truth; each change is announced as EMAIL_PREFERENCE_CHANGED, from which messaging,
 * which sends the emails, keeps its copy.
 */
import type { Viewer } from '#platform/auth/viewer.ts';
import { badInput } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { NotificationsDb, NotificationsTx } from '../db.ts';
import { EmailCategory } from '../generated/prisma/client.ts';

export interface EmailPreferenceView {
  category: EmailCategory;
  enabled: boolean;
}

type Optional = Exclude<EmailCategory, 'ACCOUNT'>;
const CATEGORIES = Object.values(EmailCategory);

export class EmailPreferences {
  constructor(
    private readonly db: NotificationsDb,
    private readonly events: SubgraphEvents,
  ) {}

  /** Every category, in the schema's order, with the user's choice or the default. */
  async list(viewer: Viewer): Promise<EmailPreferenceView[]> {
    const rows = await this.db.emailPreference.findMany({ where: { userId: viewer.userId } });
    const chosen = new Map(rows.map((row) => [row.category, row.enabled]));
    return CATEGORIES.map((category) => ({ category, enabled: category === 'ACCOUNT' || (chosen.get(category) ?? true) }));
  }

  async set(viewer: Viewer, category: EmailCategory, enabled: boolean): Promise<EmailPreferenceView> {
    if (category === 'ACCOUNT') {
      if (enabled) return { category, enabled };
      throw badInput('Account emails cannot be turned off', [{ field: 'category', message: 'ACCOUNT is always on' }]);
    }
    await this.events.transaction(this.db, (tx) => this.apply(tx, viewer.userId, category, enabled, new Date()));
    return { category, enabled };
  }

  /** An unsubscribe link followed (EMAIL_UNSUBSCRIBED), unless the user chose again since. */
  unsubscribed(
    tx: NotificationsTx,
    { userId, category, requestedAt }: { userId: string; category: Optional; requestedAt: string },
  ) {
    return this.apply(tx, userId, category, false, new Date(requestedAt));
  }

  /** Writes the choice if newer than the one held, and announces it. */
  private async apply(tx: NotificationsTx, userId: string, category: Optional, enabled: boolean, changedAt: Date): Promise<void> {
    const { count } = await tx.emailPreference.updateMany({
      where: { userId, category, changedAt: { lt: changedAt } },
      data: { enabled, changedAt },
    });
    const applied =
      count > 0 ||
      (await tx.emailPreference.createMany({ data: [{ userId, category, enabled, changedAt }], skipDuplicates: true })).count > 0;
    if (applied)
      await this.events.stage(tx, 'EMAIL_PREFERENCE_CHANGED', { userId, category, enabled, changedAt: changedAt.toISOString() });
  }
}
