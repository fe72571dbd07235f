/** Writes each event into the store and moves the counters it affects, inside the consumer's transaction. */
import type { AnyEvent } from '#platform/events/envelope.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { liveTopic } from '#platform/graphql/live.ts';
import type { AnalyticsTx } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { changesFor, subjectsOf, type CounterChanges } from './counters.ts';

/** `{ a: 1 }` → `{ a: { increment: 1 } }`: the database adds, so concurrent events never lose a count. */
const increments = <K extends string>(counts: Partial<Record<K, number>>) =>
  Object.fromEntries(Object.entries(counts).map(([name, amount]) => [name, { increment: amount }])) as Partial<
    Record<K, { increment: number }>
  >;

/** The topic `activity` declares in schema.graphql. */
export const ACTIVITY_TOPIC = liveTopic(new URL('../../schema.graphql', import.meta.url), 'activity');

/** Live signal of the `activity` subscription: the gateway looks the event up by id. */
export interface ActivitySignal {
  id: string;
  type: string;
  userId: string | null;
}

/** What a batch of events changes, summed per row so each row is written once. */
interface Totals {
  users: Map<string, { counts: CounterChanges['user']; lastActiveAt: Date | null }>;
  courses: Map<string, { counts: CounterChanges['course']; facts?: CounterChanges['courseFacts'] }>;
  platform: Partial<Record<string, number>>;
}

const add = <K extends string>(into: Partial<Record<K, number>>, counts: Partial<Record<K, number>>) => {
  for (const [name, amount] of Object.entries(counts) as Array<[K, number]>) into[name] = (into[name] ?? 0) + amount;
};

function totalsOf(events: AnyEvent[]): Totals {
  const totals: Totals = { users: new Map(), courses: new Map(), platform: {} };
  for (const event of events) {
    const { userId, courseId } = subjectsOf(event);
    const changes = changesFor(event);
    if (userId && (changes.userActive || Object.keys(changes.user).length)) {
      const user = totals.users.get(userId) ?? { counts: {}, lastActiveAt: null };
      add(user.counts, changes.user);
      const occurredAt = new Date(event.occurredAt);
      if (changes.userActive && (!user.lastActiveAt || user.lastActiveAt < occurredAt)) user.lastActiveAt = occurredAt;
      totals.users.set(userId, user);
    }
    if (courseId && (changes.courseFacts || Object.keys(changes.course).length)) {
      const course = totals.courses.get(courseId) ?? { counts: {} };
      add(course.counts, changes.course);
      if (changes.courseFacts) course.facts = changes.courseFacts;
      totals.courses.set(courseId, course);
    }
    add(totals.platform, changes.platform);
  }
  return totals;
}

const byKey = <V>(map: Map<string, V>) => [...map].sort(([a], [b]) => a.localeCompare(b));

export class EventStore {
  constructor(private readonly events: SubgraphEvents) {}

  /**
   * Stores the events (in one statement) and moves the counters of those not stored yet, each row
   * once however many events of the batch touch it. Rows are always locked in the same order
   * (users, courses, platform figures, each by key), so concurrent transactions queue up instead
   * of deadlocking.
   */
  async record(tx: AnalyticsTx, events: AnyEvent[]): Promise<void> {
    // The event id is the store's key: even a copy that slipped past the inbox counts once.
    const stored = await tx.analyticsEvent.createManyAndReturn({
      data: events.map((event) => ({
        id: event.id,
        name: event.name,
        version: event.version,
        source: event.source,
        occurredAt: new Date(event.occurredAt),
        ...subjectsOf(event),
        correlationId: event.correlationId ?? null,
        payload: event.payload as Prisma.InputJsonObject,
      })),
      skipDuplicates: true,
      select: { id: true },
    });
    const fresh = new Set(stored.map((row) => row.id));
    const totals = totalsOf(events.filter((event) => fresh.has(event.id)));

    for (const [userId, { counts, lastActiveAt }] of byKey(totals.users)) {
      await tx.userActivity.upsert({
        where: { userId },
        create: { userId, ...counts, lastActiveAt },
        update: increments(counts),
      });
      // Events arrive in any order: lastActiveAt only ever moves forward.
      if (lastActiveAt) {
        await tx.userActivity.updateMany({
          where: { userId, OR: [{ lastActiveAt: null }, { lastActiveAt: { lt: lastActiveAt } }] },
          data: { lastActiveAt },
        });
      }
    }
    for (const [courseId, { counts, facts }] of byKey(totals.courses)) {
      await tx.courseActivity.upsert({
        where: { courseId },
        create: { courseId, ...counts, ...facts },
        update: { ...increments(counts), ...facts },
      });
    }
    for (const [name, amount] of Object.entries(totals.platform).sort(([a], [b]) => a.localeCompare(b))) {
      await tx.platformCounter.upsert({
        where: { name },
        create: { name, value: amount! },
        update: { value: { increment: amount! } },
      });
    }
  }

  announce(event: AnyEvent): void {
    const signal: ActivitySignal = { id: event.id, type: event.name, userId: subjectsOf(event).userId };
    this.events.live(ACTIVITY_TOPIC, signal);
  }
}
