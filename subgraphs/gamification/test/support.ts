/**
 * Helpers for the gamification integration tests: events are fed the way production does (envelopes
 * published on the stack's bus), effects are awaited through the gateway or the subgraph's services.
 */
import { randomUUID } from 'node:crypto';
import { subgraphDatabaseUrl } from '#platform/db/postgres-server.ts';
import { postgresAdapter } from '#platform/db/prisma-adapters.ts';
import type { BusSignal } from '#platform/events/bus.ts';
import { ownerOf, type EventName, type EventPayload } from '#platform/events/catalog.ts';
import { createEnvelope, type EventEnvelope } from '#platform/events/envelope.ts';
import { eventually, type TestStack } from '#gateway/testing/stack.ts';
import type { GamificationDb } from '../src/db.ts';
import { PrismaClient } from '../src/generated/prisma/client.ts';
import type { GamificationServices } from '../src/services/index.ts';

/** An envelope as a publisher's outbox relay sends it, at a chosen instant. */
export function envelope<N extends EventName>(name: N, payload: EventPayload<N>, occurredAt = new Date()): EventEnvelope<N> {
  return { ...createEnvelope(name, payload, ownerOf(name)), occurredAt: occurredAt.toISOString() };
}

export interface QuestOptions {
  xp?: number;
  score?: number;
  firstCompletion?: boolean;
  courseId?: string | null;
  questId?: string;
  at?: Date;
}

export function questCompleted(userId: string, options: QuestOptions = {}): EventEnvelope<'QUEST_COMPLETED'> {
  const questId = options.questId ?? randomUUID();
  return envelope(
    'QUEST_COMPLETED',
    {
      progressId: randomUUID(),
      userId,
      questId,
      questSlug: `quest-${questId.slice(0, 8)}`,
      questTitle: 'Lists and loops',
      score: options.score ?? 80,
      xpAwarded: options.xp ?? 50,
      firstCompletion: options.firstCompletion ?? true,
      courseId: options.courseId ?? null,
    },
    options.at,
  );
}

export const lessonCompleted = (userId: string, courseId: string, at?: Date) =>
  envelope('LESSON_COMPLETED', { enrollmentId: randomUUID(), userId, courseId, lessonId: randomUUID(), progressPercent: 50 }, at);

export const courseCompleted = (userId: string, courseId: string, at?: Date) =>
  envelope('COURSE_COMPLETED', { enrollmentId: randomUUID(), userId, courseId, courseTitle: 'Python basics' }, at);

export const quizPassed = (userId: string, courseId: string, score: number, attemptNumber: number, at?: Date) =>
  envelope(
    'QUIZ_PASSED',
    {
      attemptId: randomUUID(),
      userId,
      quizId: randomUUID(),
      courseId,
      quizTitle: 'Loops quiz',
      score,
      attemptNumber,
      required: false,
    },
    at,
  );

export const publish = (platform: TestStack, event: EventEnvelope) => platform.runtime.eventBus().publish(event);

export const gamification = (platform: TestStack) =>
  platform.stack.subgraphs.get('gamification')!.services as GamificationServices;

/** A Prisma client of its own on the gamification test database (close it with $disconnect). */
export function openGamificationDb(platform: TestStack, poolSize = 4): GamificationDb {
  const url = subgraphDatabaseUrl(platform.runtime.env.DATABASE_URL!, 'gamification');
  return new PrismaClient({ adapter: postgresAdapter(url, poolSize) });
}

/** Everything that passes on the bus from now on (domain events and live signals). */
export function recordBus(platform: TestStack) {
  const signals: BusSignal[] = [];
  const stop = platform.runtime.eventBus().listen((signal) => signals.push(signal));
  return {
    signals,
    stop,
    events: <N extends EventName>(name: N, userId: string) =>
      signals
        .filter((signal) => signal.channel === 'event')
        .map((signal) => signal.data as EventEnvelope)
        .filter(
          (event): event is EventEnvelope<N> => event.name === name && (event.payload as { userId?: string }).userId === userId,
        ),
    live: (topic: string) =>
      signals.filter((signal) => signal.channel === 'live' && signal.topic === topic).map((signal) => signal.data),
  };
}

export interface LearnerFields {
  xp: number;
  level: number;
  nextLevelXp: number;
  streak: { current: number; longest: number; freezesLeft: number; lastActiveDay: string | null };
  badges: Array<{ id: string; slug: string; name: string; description: string }>;
}

const LEARNER = `query Learner($id: ID!) {
  user(id: $id) { id xp level nextLevelXp streak { current longest freezesLeft lastActiveDay } badges { id slug name description } }
}`;

export async function learner(platform: TestStack, id: string): Promise<LearnerFields> {
  const { user } = await platform.data<{ user: LearnerFields }>(LEARNER, { id });
  return user;
}

/** Waits until the learner's fields satisfy `ready`, and returns them. */
export const learnerWhen = (platform: TestStack, id: string, ready: (fields: LearnerFields) => boolean, what = 'learner state') =>
  eventually(
    async () => {
      const fields = await learner(platform, id);
      return ready(fields) ? fields : undefined;
    },
    10_000,
    what,
  );

/** The instant of a wall-clock time (`HH:MM`) on `day` (YYYY-MM-DD) in `zone`. */
export function zonedInstant(day: string, time: string, zone: string): Date {
  const wall = Date.parse(`${day}T${time}:00Z`);
  const offsetAt = (instant: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .formatToParts(new Date(instant))
        .map((part) => [part.type, part.value]),
    );
    return Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`) - instant;
  };
  // Twice: the offset at the guess may differ from the offset at the answer around DST changes.
  const guess = wall - offsetAt(wall);
  return new Date(wall - offsetAt(guess));
}

/** The day `offset` days from `day` (YYYY-MM-DD). */
export function addDays(day: string, offset: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}
