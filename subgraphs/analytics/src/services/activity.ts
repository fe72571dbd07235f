/** Reading the event store: one event, the newest ones, the batch behind the DataLoader. */
import { EVENT_NAMES, isEventName } from '#platform/events/catalog.ts';
import { badInput, notFound } from '#platform/errors.ts';
import { pageSize } from '#platform/graphql/connection.ts';
import type { AnalyticsDb } from '../db.ts';
import type { ActivityEvent } from '../models.ts';

/** Catalog names only; none (or an empty list) means every event. */
export function parseTypes(types: readonly string[] | null | undefined): string[] | undefined {
  if (!types?.length) return undefined;
  const unknown = [...new Set(types.filter((type) => !isEventName(type)))];
  if (unknown.length) {
    const message = `Unknown event type${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${EVENT_NAMES.join(', ')}`;
    throw badInput(message, [{ field: 'types', message: `unknown: ${unknown.join(', ')}` }]);
  }
  return [...new Set(types)];
}

export class Activity {
  constructor(private readonly db: AnalyticsDb) {}

  async find(id: string): Promise<ActivityEvent> {
    const event = await this.db.analyticsEvent.findUnique({ where: { id } });
    if (!event) throw notFound('ActivityEvent', id);
    return event;
  }

  /** Newest first, by when the events happened. */
  recent(first: number | null | undefined, types: readonly string[] | null | undefined): Promise<ActivityEvent[]> {
    const take = pageSize(first, 100);
    const names = parseTypes(types);
    return this.db.analyticsEvent.findMany({
      where: names ? { name: { in: names } } : {},
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }

  byIds(ids: readonly string[]): Promise<ActivityEvent[]> {
    return this.db.analyticsEvent.findMany({ where: { id: { in: [...ids] } } });
  }
}
