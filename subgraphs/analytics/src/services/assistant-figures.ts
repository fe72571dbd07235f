/**
 * The assistant's figures, read from the event store (RAG_QUERY_PROCESSED): counts by query type,
 * the cache hit rate and the median latency, computed in the database for any period.
 */
import { quoteIdent } from '#platform/db/sql.ts';
import { badInput } from '#platform/errors.ts';
import type { AnalyticsDb } from '../db.ts';

const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

interface Totals {
  questions: number;
  cached: number;
  guarded: number;
  fallbacks: number;
  p50: number | null;
}

export class AssistantFigures {
  /** Raw SQL names the subgraph's schema: in embedded mode every subgraph is a schema of one PGlite. */
  private readonly events: string;

  constructor(
    private readonly db: AnalyticsDb,
    schema: string,
  ) {
    this.events = `${quoteIdent(schema)}."AnalyticsEvent"`;
  }

  async between(fromArg: Date | null | undefined, toArg: Date | null | undefined) {
    const to = toArg ?? new Date();
    const from = fromArg ?? new Date(to.getTime() - 30 * DAY_MS);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw badInput('from and to must be date-times');
    if (to <= from) throw badInput('to must be after from', [{ field: 'to', message: 'must be after from' }]);
    if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS)
      throw badInput(`At most ${MAX_DAYS} days`, [{ field: 'to', message: `at most ${MAX_DAYS} days after from` }]);
    const where = `name = 'RAG_QUERY_PROCESSED' AND "occurredAt" >= $1 AND "occurredAt" < $2`;
    const [totals, byType] = await Promise.all([
      this.db.$queryRawUnsafe<Totals[]>(
        `SELECT count(*)::int AS questions,
                count(*) FILTER (WHERE (payload->>'cached')::boolean)::int AS cached,
                count(*) FILTER (WHERE (payload->>'guarded')::boolean)::int AS guarded,
                count(*) FILTER (WHERE (payload->>'fallback')::boolean)::int AS fallbacks,
                percentile_disc(0.5) WITHIN GROUP (ORDER BY (payload->>'latencyMs')::int) AS p50
           FROM ${this.events} WHERE ${where}`,
        from,
        to,
      ),
      this.db.$queryRawUnsafe<Array<{ queryType: string; questions: number }>>(
        `SELECT payload->>'queryType' AS "queryType", count(*)::int AS questions
           FROM ${this.events} WHERE ${where}
          GROUP BY 1 ORDER BY 2 DESC, 1`,
        from,
        to,
      ),
    ]);
    const total = totals[0] ?? { questions: 0, cached: 0, guarded: 0, fallbacks: 0, p50: null };
    return {
      from,
      to,
      questions: total.questions,
      byQueryType: byType,
      cacheHitRate: total.questions ? total.cached / total.questions : 0,
      p50LatencyMs: total.p50 ?? 0,
      guardedAnswers: total.guarded,
      fallbacks: total.fallbacks,
    };
  }
}
