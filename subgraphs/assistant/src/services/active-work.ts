/**
 * What the pedagogy guard knows of learners' work in progress, from events: a source maps its
 * start and finish events to rows of ActiveWork: quests' runs (QUEST_STARTED, QUEST_COMPLETED) and
 * quiz attempts (QUIZ_STARTED, QUIZ_SUBMITTED).
 */
import type { EventName, EventPayload } from '#platform/events/catalog.ts';
import type { StatementOutcome, StatementTools } from '#platform/events/consumer.ts';
import { sql, tableOf, timestampOf } from '#platform/events/outbox-sql.ts';
import type { AssistantDb, AssistantTx } from '../db.ts';
import type { ActiveWork as ActiveWorkRow } from '../generated/prisma/client.ts';
import { guardedWork, stageAfter, type GuardStage, type QuestionScope } from '../rules/guard.ts';
import { questDocumentId } from './content-index.ts';

export interface WorkEvent {
  /** "<source>:<run or attempt id>". */
  id: string;
  userId: string;
  source: 'QUEST' | 'QUIZ';
  subjectId: string;
  courseId: string | null;
  lessonId: string | null;
  finished: boolean;
}

/** The events that start and finish guarded work, and what they mean. */
export const GUARD_SOURCES = {
  QUEST_STARTED: (payload: EventPayload<'QUEST_STARTED'>): WorkEvent => ({
    id: `quest:${payload.progressId}`,
    userId: payload.userId,
    source: 'QUEST',
    subjectId: payload.questId,
    courseId: null,
    lessonId: null,
    finished: false,
  }),
  QUEST_COMPLETED: (payload: EventPayload<'QUEST_COMPLETED'>): WorkEvent => ({
    id: `quest:${payload.progressId}`,
    userId: payload.userId,
    source: 'QUEST',
    subjectId: payload.questId,
    courseId: payload.courseId,
    lessonId: null,
    finished: true,
  }),
  QUIZ_STARTED: (payload: EventPayload<'QUIZ_STARTED'>): WorkEvent => ({
    id: `quiz:${payload.attemptId}`,
    userId: payload.userId,
    source: 'QUIZ',
    subjectId: payload.quizId,
    courseId: payload.courseId,
    lessonId: payload.lessonId,
    finished: false,
  }),
  // Submitted by the learner or expired at its deadline: either way no longer in progress.
  QUIZ_SUBMITTED: (payload: EventPayload<'QUIZ_SUBMITTED'>): WorkEvent => ({
    id: `quiz:${payload.attemptId}`,
    userId: payload.userId,
    source: 'QUIZ',
    subjectId: payload.quizId,
    courseId: payload.courseId,
    lessonId: null,
    finished: true,
  }),
} satisfies Partial<{ [N in EventName]: (payload: EventPayload<N>) => WorkEvent }>;

export type GuardEventName = keyof typeof GUARD_SOURCES;
export const GUARD_EVENTS = Object.keys(GUARD_SOURCES) as GuardEventName[];

export class ActiveWork {
  constructor(private readonly db: AssistantDb) {}

  /**
   * A start creates the row; a finish marks it (creating it finished if the start has not arrived).
   * One statement with the consumer's inbox row (a StatementConsumer: no transaction, no BEGIN and
   * COMMIT round trips): a copy of the event already handled writes nothing.
   */
  async record(work: WorkEvent, occurredAt: Date, { db, schema, inbox }: StatementTools<AssistantTx>): Promise<StatementOutcome> {
    const { id, userId, source, subjectId, courseId, lessonId, finished } = work;
    const at = timestampOf(occurredAt);
    const [outcome] = await db.$queryRaw<Array<{ fresh: boolean }>>(sql`
      WITH inbox AS (${inbox}),
      work AS (
        INSERT INTO ${tableOf(schema, 'ActiveWork')} ("id", "userId", "source", "subjectId", "courseId", "lessonId", "startedAt", "finishedAt")
        SELECT ${id}, ${userId}, ${source}, ${subjectId}, ${courseId}::text, ${lessonId}::text, ${at}, ${timestampOf(finished ? occurredAt : null)}
        FROM inbox
        ON CONFLICT ("id") DO ${finished ? sql`UPDATE SET "finishedAt" = EXCLUDED."finishedAt"` : sql`NOTHING`}
      )
      SELECT EXISTS (SELECT 1 FROM inbox) AS "fresh"`);
    return { fresh: outcome!.fresh, written: [] };
  }

  inProgress(userId: string): Promise<ActiveWorkRow[]> {
    return this.db.activeWork.findMany({ where: { userId, finishedAt: null }, orderBy: { startedAt: 'desc' } });
  }

  /**
   * The guard stage for this question, or null when it touches no work in progress. Each guarded
   * question moves the run one hint further (an atomic increment: twins get successive stages).
   */
  async stageFor(userId: string, scope: QuestionScope): Promise<GuardStage | null> {
    const active = await this.inProgress(userId);
    if (!active.length) return null;
    // A quest's course comes from the index (its start event does not carry it).
    const quests = await this.db.document.findMany({
      where: { id: { in: active.filter((work) => work.source === 'QUEST').map((work) => questDocumentId(work.subjectId)) } },
      select: { sourceId: true, courseId: true },
    });
    const courseOf = new Map(quests.map((quest) => [quest.sourceId, quest.courseId]));
    const work = guardedWork(
      active.map((row) => ({ ...row, courseId: row.courseId ?? courseOf.get(row.subjectId) ?? null })),
      scope,
    );
    if (!work) return null;
    const { hintsGiven } = await this.db.activeWork.update({ where: { id: work.id }, data: { hintsGiven: { increment: 1 } } });
    return stageAfter(hintsGiven - 1);
  }
}
