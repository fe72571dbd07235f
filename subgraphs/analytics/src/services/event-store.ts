/** Writes each event into the store and moves the counters it affects, inside the consumer's transaction. */
import type { AnyEvent } from '#platform/events/envelope.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import { liveTopic } from '#platform/graphql/live.ts';
import type { AnalyticsTx } from '../db.ts';
import { identifier, join, raw, sql, tableOf, timestampOf } from '#platform/events/outbox-sql.ts';
import { changesFor, subjectsOf, type CounterChanges, type CourseCounter, type UserCounter } from './counters.ts';

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

/** Every counter column (a new counter does not compile until listed): each row of a statement carries all of them, 0 where unchanged. */
const USER_COUNTERS = Object.keys({
  questsStarted: true,
  questsCompleted: true,
  xpEarned: true,
  lessonsCompleted: true,
  coursesCompleted: true,
  enrollments: true,
  badgesEarned: true,
  quizAttempts: true,
  quizzesPassed: true,
  quizScoreTotal: true,
} satisfies Record<UserCounter, true>) as UserCounter[];
const COURSE_COUNTERS = Object.keys({
  enrollments: true,
  lessonCompletions: true,
  completions: true,
  quizAttempts: true,
  quizzesPassed: true,
  quizScoreTotal: true,
} satisfies Record<CourseCounter, true>) as CourseCounter[];

const columns = (names: readonly string[]) => join(names.map(identifier), ', ');
/** `"col" = "Table"."col" + EXCLUDED."col"` for each counter: the database adds, so concurrent batches never lose a count. */
const added = (table: string, names: readonly string[]) =>
  join(
    names.map((name) => sql`${identifier(name)} = ${identifier(table)}.${identifier(name)} + EXCLUDED.${identifier(name)}`),
    ', ',
  );
export class EventStore {
  constructor(
    private readonly events: SubgraphEvents,
    private readonly schema: string,
  ) {}

  private table(name: string) {
    return tableOf(this.schema, name);
  }

  /**
   * Stores the events and moves the counters of those not stored yet, each row once however many
   * events of the batch touch it: two raw statements whatever the batch holds (Prisma's model
   * calls cost a plan compilation for every createMany and one statement per counter row). Rows
   * are always locked in the same order (users, courses, platform figures, each by key), so
   * concurrent transactions queue up instead of deadlocking.
   */
  async record(tx: AnalyticsTx, events: AnyEvent[]): Promise<void> {
    if (!events.length) return;
    // The event id is the store's key: even a copy that slipped past the inbox counts once.
    const rows = events.map((event) => {
      const { userId, courseId, questId } = subjectsOf(event);
      return sql`(${event.id}, ${event.name}, ${event.version}::int, ${event.source}, ${timestampOf(new Date(event.occurredAt))},
        ${userId}, ${courseId}, ${questId}, ${event.correlationId ?? null}, ${JSON.stringify(event.payload)}::jsonb)`;
    });
    const stored = await tx.$queryRaw<Array<{ id: string }>>(sql`
      INSERT INTO ${this.table('AnalyticsEvent')}
        ("id", "name", "version", "source", "occurredAt", "userId", "courseId", "questId", "correlationId", "payload")
      VALUES ${join(rows)}
      ON CONFLICT DO NOTHING RETURNING "id"`);
    const fresh = new Set(stored.map((row) => row.id));
    const totals = totalsOf(events.filter((event) => fresh.has(event.id)));
    const writes = [...this.userWrites(totals), ...this.courseWrites(totals), ...this.platformWrites(totals)];
    if (!writes.length) return;
    // One statement: its CTEs run in the order written, each locking its rows in key order.
    const ctes = writes.map((write, index) => sql`${raw(`w${index}`)} AS (${write})`);
    await tx.$queryRaw(sql`WITH ${join(ctes, ', ')} SELECT 1`);
  }

  private userWrites({ users }: Totals) {
    if (!users.size) return [];
    const rows = byKey(users).map(
      ([userId, { counts, lastActiveAt }]) =>
        sql`(${userId}, ${join(USER_COUNTERS.map((name) => sql`${counts[name] ?? 0}::int`))}, ${timestampOf(lastActiveAt)})`,
    );
    // Events arrive in any order: lastActiveAt only ever moves forward (GREATEST ignores NULL).
    return [
      sql`INSERT INTO ${this.table('UserActivity')} ("userId", ${columns(USER_COUNTERS)}, "lastActiveAt")
        VALUES ${join(rows)}
        ON CONFLICT ("userId") DO UPDATE SET ${added('UserActivity', USER_COUNTERS)},
          "lastActiveAt" = GREATEST("UserActivity"."lastActiveAt", EXCLUDED."lastActiveAt")`,
    ];
  }

  private courseWrites({ courses }: Totals) {
    if (!courses.size) return [];
    const rows = byKey(courses).map(
      ([courseId, { counts, facts }]) =>
        sql`(${courseId}, ${join(COURSE_COUNTERS.map((name) => sql`${counts[name] ?? 0}::int`))},
          ${facts?.instructorId ?? null}, ${facts?.title ?? null})`,
    );
    // The facts come with COURSE_PUBLISHED only: a batch without one keeps those already known.
    return [
      sql`INSERT INTO ${this.table('CourseActivity')} ("courseId", ${columns(COURSE_COUNTERS)}, "instructorId", "title")
        VALUES ${join(rows)}
        ON CONFLICT ("courseId") DO UPDATE SET ${added('CourseActivity', COURSE_COUNTERS)},
          "instructorId" = COALESCE(EXCLUDED."instructorId", "CourseActivity"."instructorId"),
          "title" = COALESCE(EXCLUDED."title", "CourseActivity"."title")`,
    ];
  }

  private platformWrites({ platform }: Totals) {
    const figures = Object.entries(platform).sort(([a], [b]) => a.localeCompare(b));
    if (!figures.length) return [];
    const rows = figures.map(([name, amount]) => sql`(${name}, ${amount!}::bigint)`);
    return [
      sql`INSERT INTO ${this.table('PlatformCounter')} ("name", "value") VALUES ${join(rows)}
        ON CONFLICT ("name") DO UPDATE SET "value" = "PlatformCounter"."value" + EXCLUDED."value"`,
    ];
  }

  announce(event: AnyEvent): void {
    const signal: ActivitySignal = { id: event.id, type: event.name, userId: subjectsOf(event).userId };
    this.events.live(ACTIVITY_TOPIC, signal);
  }
}
