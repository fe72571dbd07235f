/** Writes each event into the store and moves the counters it affects, inside the consumer's transaction. */
import type { AnyEvent } from '#platform/events/envelope.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { AnalyticsTx } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { changesFor, subjectsOf, type CounterChanges } from './counters.ts';

/** `{ a: 1 }` → `{ a: { increment: 1 } }`: the database adds, so concurrent events never lose a count. */
const increments = <K extends string>(counts: Partial<Record<K, number>>) =>
  Object.fromEntries(Object.entries(counts).map(([name, amount]) => [name, { increment: amount }])) as Partial<
    Record<K, { increment: number }>
  >;

/** Live signal of the `activity` subscription: the gateway looks the event up by id. */
export interface ActivitySignal {
  id: string;
  type: string;
  userId: string | null;
}

export class EventStore {
  constructor(private readonly events: SubgraphEvents) {}

  /** False when the event was stored already (its counters were moved then). */
  async record(tx: AnalyticsTx, event: AnyEvent): Promise<boolean> {
    const subjects = subjectsOf(event);
    const occurredAt = new Date(event.occurredAt);
    // The event id is the store's key: even a copy that slipped past the inbox counts once.
    const { count } = await tx.analyticsEvent.createMany({
      data: [
        {
          id: event.id,
          name: event.name,
          version: event.version,
          source: event.source,
          occurredAt,
          ...subjects,
          correlationId: event.correlationId ?? null,
          payload: event.payload as Prisma.InputJsonObject,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return false;

    // Rows are always locked in the same order (user, course, platform figures by name), so
    // concurrent transactions queue up instead of deadlocking.
    const changes = changesFor(event);
    if (subjects.userId) await this.countForUser(tx, subjects.userId, changes, occurredAt);
    if (subjects.courseId) await this.countForCourse(tx, subjects.courseId, changes);
    for (const [name, amount] of Object.entries(changes.platform).sort(([a], [b]) => a.localeCompare(b))) {
      await tx.platformCounter.upsert({
        where: { name },
        create: { name, value: amount },
        update: { value: { increment: amount } },
      });
    }
    return true;
  }

  announce(event: AnyEvent): void {
    const signal: ActivitySignal = { id: event.id, type: event.name, userId: subjectsOf(event).userId };
    this.events.live('activity', signal);
  }

  private async countForUser(tx: AnalyticsTx, userId: string, changes: CounterChanges, occurredAt: Date): Promise<void> {
    if (!changes.userActive && !Object.keys(changes.user).length) return;
    const lastActiveAt = changes.userActive ? occurredAt : null;
    await tx.userActivity.upsert({
      where: { userId },
      create: { userId, ...changes.user, lastActiveAt },
      update: increments(changes.user),
    });
    // Events arrive in any order: lastActiveAt only ever moves forward.
    if (lastActiveAt) {
      await tx.userActivity.updateMany({
        where: { userId, OR: [{ lastActiveAt: null }, { lastActiveAt: { lt: lastActiveAt } }] },
        data: { lastActiveAt },
      });
    }
  }

  private async countForCourse(tx: AnalyticsTx, courseId: string, changes: CounterChanges): Promise<void> {
    if (!changes.courseFacts && !Object.keys(changes.course).length) return;
    await tx.courseActivity.upsert({
      where: { courseId },
      create: { courseId, ...changes.course, ...changes.courseFacts },
      update: { ...increments(changes.course), ...changes.courseFacts },
    });
  }
}
