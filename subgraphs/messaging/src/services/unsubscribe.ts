/**
 * Unsubscribe links and what following one does. The key is EMAIL_UNSUBSCRIBE_SECRET, else one
 * made at first start and kept in the database (every replica and every restart signs alike).
 * Following a link turns the category off in messaging's copy at once (the next email is not
 * sent) and tells notifications, which owns preferences, with EMAIL_UNSUBSCRIBED; its
 * EMAIL_PREFERENCE_CHANGED then comes back to the copy as the same change.
 */
import { randomBytes } from 'node:crypto';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { MessagingDb } from '../db.ts';
import { UNSUBSCRIBABLE } from '../events/catalog.ts';
import type { EmailCategory } from '../generated/prisma/client.ts';
import { signUnsubscribe, verifyUnsubscribe } from '../rules/unsubscribe-token.ts';
import type { Directory } from './directory.ts';

export const UNSUBSCRIBE_PATH = '/email/unsubscribe';
const KEY_NAME = 'unsubscribe';

export type Unsubscribable = (typeof UNSUBSCRIBABLE)[number];
const isUnsubscribable = (category: string): category is Unsubscribable =>
  (UNSUBSCRIBABLE as readonly string[]).includes(category);

export type UnsubscribeOutcome = { ok: true; userId: string; category: Unsubscribable; locale: string } | { ok: false };

export class UnsubscribeLinks {
  private secret: string | undefined;

  constructor(
    private readonly db: MessagingDb,
    private readonly events: SubgraphEvents,
    private readonly directory: Directory,
    private readonly publicUrl: string,
    configuredSecret: string | undefined,
  ) {
    this.secret = configuredSecret;
  }

  /** Loads (or makes, once for all replicas) the key when none is configured. */
  async init(): Promise<void> {
    if (this.secret) return;
    await this.db.signingKey.createMany({
      data: [{ name: KEY_NAME, secret: randomBytes(32).toString('hex') }],
      skipDuplicates: true,
    });
    this.secret = (await this.db.signingKey.findUniqueOrThrow({ where: { name: KEY_NAME } })).secret;
  }

  private key(): string {
    if (!this.secret) throw new Error('UnsubscribeLinks.init() has not run');
    return this.secret;
  }

  /** The one-click link for a user and category (none for ACCOUNT emails). */
  url(userId: string, category: EmailCategory): string | undefined {
    if (!isUnsubscribable(category)) return undefined;
    const url = new URL(UNSUBSCRIBE_PATH, this.publicUrl);
    url.searchParams.set('token', signUnsubscribe(this.key(), { userId, category }));
    return url.toString();
  }

  /** Applies a link: the category off for its user, once (following it again changes nothing). */
  async follow(token: unknown): Promise<UnsubscribeOutcome> {
    const claim = verifyUnsubscribe(this.key(), token);
    if (!claim || !isUnsubscribable(claim.category)) return { ok: false };
    const { userId } = claim;
    const category = claim.category;
    const requestedAt = new Date();
    const locale = await this.events.transaction(this.db, async (tx) => {
      if (!(await this.directory.isDisabled(tx, userId, category))) {
        await this.directory.preferenceChanged(tx, { userId, category, enabled: false, changedAt: requestedAt });
        await this.events.stage(tx, 'EMAIL_UNSUBSCRIBED', { userId, category, requestedAt: requestedAt.toISOString() });
      }
      return (await tx.recipient.findUnique({ where: { userId }, select: { locale: true } }))?.locale ?? 'en';
    });
    return { ok: true, userId, category, locale };
  }
}
