/**
 * The statements of a run's hot path, one round trip each and no transaction: a single statement
 * is atomic, and its data-modifying CTEs write the run, the answer and the outbox row together.
 * Concurrent answers to one run are ordered optimistically: an answer is written only if the run
 * is still the version it was read at (its `xmin`, which every answer changes since each one
 * updates the run), else it is judged again on the run as it now is.
 */
import { empty, outboxInsert, sql, tableOf, timestampOf, type RawSql } from '#platform/events/outbox-sql.ts';
import type { EventEnvelope } from '#platform/events/envelope.ts';
import type { QuestProgress } from '../generated/prisma/client.ts';
import type { RecordedAnswer } from './scoring.ts';

/** A run as read for an answer: its row, its version, its answers in order, the learner's completed runs of the quest. */
export interface RunSnapshot {
  run: QuestProgress;
  version: string;
  answers: RecordedAnswer[];
  completions: number;
}

const RUN_COLUMNS = sql`"id", "questId", "userId", "status", "score", "xpAwarded", "startedAt", "lastAnswerAt", "completedAt", "activeKey"`;

export class RunStatements {
  constructor(
    private readonly db: RawSql,
    private readonly schema: string,
  ) {}

  private table(name: string) {
    return tableOf(this.schema, name);
  }

  /**
   * A new run with its QUEST_STARTED row, unless the learner has one in progress (the unique
   * activeKey): then that one. `started` says which; null when the run in progress committed
   * after this statement began (the caller reads it again).
   */
  async start(
    run: { id: string; questId: string; userId: string; activeKey: string; startedAt: Date },
    started: EventEnvelope,
  ): Promise<{ run: QuestProgress; started: boolean } | null> {
    const progress = this.table('QuestProgress');
    const rows = await this.db.$queryRaw<Array<QuestProgress & { started: boolean }>>(sql`
      WITH run AS (
        INSERT INTO ${progress} ("id", "questId", "userId", "activeKey", "startedAt")
        VALUES (${run.id}, ${run.questId}, ${run.userId}, ${run.activeKey}, ${timestampOf(run.startedAt)})
        ON CONFLICT ("activeKey") DO NOTHING
        RETURNING ${RUN_COLUMNS}
      ), outbox AS (${outboxInsert(this.schema, [started], sql`EXISTS (SELECT 1 FROM run)`)})
      SELECT ${RUN_COLUMNS}, true AS "started" FROM run
      UNION ALL
      SELECT ${RUN_COLUMNS}, false AS "started" FROM ${progress}
      WHERE "activeKey" = ${run.activeKey} AND NOT EXISTS (SELECT 1 FROM run)`);
    const [row] = rows;
    if (!row) return null;
    const { started: isNew, ...stored } = row;
    return { run: stored, started: isNew };
  }

  /** The run, its answers and the learner's completed runs of its quest, as of one moment. */
  async read(progressId: string): Promise<RunSnapshot | null> {
    const [row] = await this.db.$queryRaw<
      Array<QuestProgress & { version: string; answers: RecordedAnswer[]; completions: number }>
    >(sql`
      SELECT ${RUN_COLUMNS}, run.xmin::text AS "version",
        COALESCE((
          SELECT json_agg(json_build_object('stepId', answer."stepId", 'correct', answer."correct")
            ORDER BY answer."createdAt", answer."id")
          FROM ${this.table('StepAnswer')} answer WHERE answer."progressId" = run."id"
        ), '[]'::json) AS "answers",
        (SELECT count(*)::int FROM ${this.table('QuestProgress')} done
          WHERE done."userId" = run."userId" AND done."questId" = run."questId" AND done."status" = 'COMPLETED') AS "completions"
      FROM ${this.table('QuestProgress')} run WHERE run."id" = ${progressId}`);
    if (!row) return null;
    const { version, answers, completions, ...run } = row;
    return { run, version, answers, completions };
  }

  /**
   * Records an answer to a run still at `version` and in progress; with `completion`, completes it
   * and writes its QUEST_COMPLETED row. Null when the run has changed since it was read.
   */
  async answer(
    snapshot: RunSnapshot,
    answer: { id: string; stepId: string; text: string; correct: boolean; at: Date },
    completion?: { score: number; xpAwarded: number; event: EventEnvelope },
  ): Promise<QuestProgress | null> {
    const at = timestampOf(answer.at);
    const changes = completion
      ? sql`"lastAnswerAt" = ${at}, "status" = 'COMPLETED', "score" = ${completion.score}, "xpAwarded" = ${completion.xpAwarded},
          "completedAt" = ${at}, "activeKey" = NULL`
      : sql`"lastAnswerAt" = ${at}`;
    const [row] = await this.db.$queryRaw<QuestProgress[]>(sql`
      WITH run AS (
        UPDATE ${this.table('QuestProgress')} SET ${changes}
        WHERE "id" = ${snapshot.run.id} AND "status" = 'IN_PROGRESS' AND xmin = ${snapshot.version}::xid
        RETURNING ${RUN_COLUMNS}
      ), answer AS (
        INSERT INTO ${this.table('StepAnswer')} ("id", "progressId", "stepId", "answer", "correct", "createdAt")
        SELECT ${answer.id}, run."id", ${answer.stepId}, ${answer.text}, ${answer.correct}::boolean, ${at} FROM run
      )${completion ? sql`, outbox AS (${outboxInsert(this.schema, [completion.event], sql`EXISTS (SELECT 1 FROM run)`)})` : empty}
      SELECT ${RUN_COLUMNS} FROM run`);
    return row ?? null;
  }
}
