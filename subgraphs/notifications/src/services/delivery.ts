/**
 * Makes the notification an event asks for. What the notification depends on (the recipient's
 * locale and choices, the admins' edits of the messages) is read in one statement; the inbox row,
 * the notification and its NOTIFICATION_CREATED row are written in the next, one atomic statement
 * (no transaction: see StatementConsumer).
 */
import type { StatementOutcome, StatementTools } from '#platform/events/consumer.ts';
import { join, outboxInsert, sql, tableOf, timestampOf } from '#platform/events/outbox-sql.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { uuid7 } from '#platform/db/uuid7.ts';
import type { NotificationsTx } from '../db.ts';
import { RENDERED_NAMESPACES, type MessageEdit, type RecipientLocales } from './locales.ts';
import { notificationFor, type NotifyingEvent } from './messages.ts';

interface Recipient {
  locale: string | null;
  /** The kinds the user turned off in the app. */
  off: string[];
  overrides: MessageEdit[];
}

export class Delivery {
  constructor(
    private readonly events: SubgraphEvents,
    private readonly locales: RecipientLocales,
  ) {}

  private async recipient({ db, schema }: StatementTools<NotificationsTx>, userId: string): Promise<Recipient> {
    const [row] = await db.$queryRaw<Recipient[]>(sql`
      SELECT
        (SELECT "locale" FROM ${tableOf(schema, 'UserLocale')} WHERE "userId" = ${userId}) AS "locale",
        COALESCE((SELECT json_agg("kind") FROM ${tableOf(schema, 'NotificationPreference')}
          WHERE "userId" = ${userId} AND NOT "inApp"), '[]'::json) AS "off",
        COALESCE((SELECT json_agg(json_build_object('locale', "locale", 'namespace', "namespace", 'key', "key", 'value', "value"))
          FROM ${tableOf(schema, 'MessageOverride')} WHERE "namespace" IN (${join(RENDERED_NAMESPACES)})), '[]'::json) AS "overrides"`);
    return row!;
  }

  /**
   * The notification in the recipient's language, unless the user turned that kind off or this
   * event already made one. NOTIFICATION_CREATED commits with the row, so whoever reacts to it
   * (the gateway's `notificationAdded`) can already read the notification.
   */
  async deliver(event: NotifyingEvent, tools: StatementTools<NotificationsTx>): Promise<StatementOutcome> {
    const { db, schema, inbox, log } = tools;
    const recipient = await this.recipient(tools, event.payload.userId);
    const draft = notificationFor(event, this.locales.textsFrom(recipient.locale, recipient.overrides));
    if (recipient.off.includes(draft.kind)) {
      log.debug({ kind: draft.kind }, 'in-app notifications of this kind are off for the user');
      const rows = await db.$queryRaw<unknown[]>(inbox);
      return { fresh: rows.length > 0, written: [] };
    }
    const id = uuid7();
    const created = this.events.envelope('NOTIFICATION_CREATED', { notificationId: id, userId: draft.userId, kind: draft.kind });
    // ON CONFLICT: another event id carrying the same source (a replay) makes no second notification.
    const [outcome] = await db.$queryRaw<Array<{ fresh: boolean; notified: boolean }>>(sql`
      WITH inbox AS (${inbox}),
      notification AS (
        INSERT INTO ${tableOf(schema, 'Notification')} ("id", "userId", "kind", "title", "body", "badgeId", "badgeSlug", "sourceEventId", "createdAt")
        SELECT ${id}, ${draft.userId}, ${draft.kind}::${tableOf(schema, 'NotificationKind')}, ${draft.title}, ${draft.body},
          ${draft.badgeId}::text, ${draft.badgeSlug}::text, ${event.id}, ${timestampOf(new Date())}
        FROM inbox
        ON CONFLICT ("sourceEventId", "userId") DO NOTHING
        RETURNING "id"
      ),
      outbox AS (${outboxInsert(schema, [created], sql`EXISTS (SELECT 1 FROM notification)`)})
      SELECT EXISTS (SELECT 1 FROM inbox) AS "fresh", EXISTS (SELECT 1 FROM notification) AS "notified"`);
    return { fresh: outcome!.fresh, written: outcome!.notified ? [created] : [] };
  }
}
