/**
 * The outbox and inbox rows as SQL fragments (Prisma's `sql` template objects), for writing them
 * in the same statement as the change they go with: one round trip instead of one per table. A
 * subgraph's data-modifying CTE can carry its events (`outboxInsert(..., when)`), and a consumer's
 * inbox row goes out with the events its handler staged (consumer.ts). Raw SQL names the
 * subgraph's schema (`public` on a database of its own, the subgraph's schema in the embedded
 * PGlite), as Prisma's own statements do.
 */
import { empty, join, raw, sqltag as sql, type Sql } from '@prisma/client/runtime/client';
import { quoteIdent } from '../db/sql.ts';
import type { EventEnvelope } from './envelope.ts';

export { empty, join, raw, sql, type Sql };

/** A date as the tables store it (`timestamp(3)`, UTC), or a NULL of that type. */
export const timestampOf = (date: Date | null): Sql =>
  date ? sql`${date.toISOString()}::timestamp(3)` : sql`NULL::timestamp(3)`;

/** `"name"`: a column or table name as a fragment, quoted. */
export const identifier = (name: string): Sql => raw(quoteIdent(name));

/** What can run a raw statement: a Prisma client or one of its interactive transactions. */
export interface RawSql {
  $queryRaw<T = unknown>(query: Sql): PromiseLike<T>;
}

/** `"schema"."Table"`. */
export const tableOf = (schema: string, table: string): Sql => raw(`${quoteIdent(schema)}.${quoteIdent(table)}`);

/**
 * INSERT of `envelopes` into the outbox (columns of platform/events/events.prisma), only when the
 * SQL condition `when` holds (e.g. `EXISTS (SELECT 1 FROM changed)`): usable as a CTE.
 */
export function outboxInsert(schema: string, envelopes: readonly EventEnvelope[], when?: Sql): Sql {
  const rows = envelopes.map(
    (envelope) =>
      sql`(${envelope.id}, ${envelope.name}, ${envelope.version}::int, ${JSON.stringify(envelope.payload)}::jsonb, ${
        envelope.correlationId ?? null
      }, ${envelope.occurredAt}::timestamp(3))`,
  );
  return sql`INSERT INTO ${tableOf(schema, 'OutboxEvent')} ("id", "name", "version", "payload", "correlationId", "occurredAt")
    SELECT * FROM (VALUES ${join(rows)}) AS event ("id", "name", "version", "payload", "correlationId", "occurredAt")
    ${when ? sql`WHERE ${when}` : empty}`;
}

/** INSERT of a consumer's inbox rows, returning the ids it had not handled yet ("eventId"). */
export function inboxInsert(schema: string, consumer: string, eventIds: readonly string[]): Sql {
  const rows = eventIds.map((eventId) => sql`(${consumer}, ${eventId})`);
  return sql`INSERT INTO ${tableOf(schema, 'ProcessedEvent')} ("consumer", "eventId") VALUES ${join(rows)}
    ON CONFLICT DO NOTHING RETURNING "eventId"`;
}

/** Whether the consumer has handled the event (its inbox row is committed). */
export async function inboxHolds(db: RawSql, schema: string, consumer: string, eventId: string): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>(
    sql`SELECT 1 FROM ${tableOf(schema, 'ProcessedEvent')} WHERE "consumer" = ${consumer} AND "eventId" = ${eventId}`,
  );
  return rows.length > 0;
}
