/** The ai-gateway's figures over a period, computed in the database (percentiles included). */
import { badInput } from '#platform/errors.ts';
import { tableIn, type AssistantDb } from '../db.ts';

const MAX_DAYS = 366;

interface Row {
  provider: string | null;
  model: string | null;
  questions: number;
  cached: number;
  failures: number;
  fallbacks: number;
  guarded: number;
  promptTokens: number;
  completionTokens: number;
  p50: number | null;
  p95: number | null;
}

export class Usage {
  private readonly table: (name: string) => string;

  constructor(
    private readonly db: AssistantDb,
    schema: string,
  ) {
    this.table = tableIn(schema);
  }

  async between(from: Date, to: Date) {
    if (!(from instanceof Date) || !(to instanceof Date) || Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
      throw badInput('from and to must be date-times');
    if (to <= from) throw badInput('to must be after from', [{ field: 'to', message: 'must be after from' }]);
    if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000)
      throw badInput(`At most ${MAX_DAYS} days`, [{ field: 'to', message: `at most ${MAX_DAYS} days after from` }]);
    // GROUPING SETS: the whole period (provider null) and each provider and model, in one pass.
    const rows = await this.db.$queryRawUnsafe<Row[]>(
      `SELECT provider, model,
              count(*)::int AS questions,
              count(*) FILTER (WHERE cached)::int AS cached,
              count(*) FILTER (WHERE failure IS NOT NULL)::int AS failures,
              count(*) FILTER (WHERE fallback)::int AS fallbacks,
              count(*) FILTER (WHERE guard IS NOT NULL)::int AS guarded,
              coalesce(sum("promptTokens"), 0)::int AS "promptTokens",
              coalesce(sum("completionTokens"), 0)::int AS "completionTokens",
              percentile_disc(0.5) WITHIN GROUP (ORDER BY "latencyMs") AS p50,
              percentile_disc(0.95) WITHIN GROUP (ORDER BY "latencyMs") AS p95
         FROM ${this.table('Answer')}
        WHERE "createdAt" >= $1 AND "createdAt" < $2
        GROUP BY GROUPING SETS ((), (provider, model))
        ORDER BY provider NULLS FIRST, model`,
      from,
      to,
    );
    const total = rows.find((row) => row.provider === null) ?? emptyRow();
    return {
      from,
      to,
      questions: total.questions,
      cachedAnswers: total.cached,
      cacheHitRate: total.questions ? total.cached / total.questions : 0,
      promptTokens: total.promptTokens,
      completionTokens: total.completionTokens,
      p50LatencyMs: total.p50 ?? 0,
      p95LatencyMs: total.p95 ?? 0,
      failures: total.failures,
      fallbacks: total.fallbacks,
      guardedAnswers: total.guarded,
      byProvider: rows
        .filter((row) => row.provider !== null)
        .map((row) => ({
          provider: row.provider!,
          model: row.model!,
          questions: row.questions,
          promptTokens: row.promptTokens,
          completionTokens: row.completionTokens,
          p50LatencyMs: row.p50 ?? 0,
          p95LatencyMs: row.p95 ?? 0,
        })),
    };
  }
}

const emptyRow = (): Row => ({
  provider: null,
  model: null,
  questions: 0,
  cached: 0,
  failures: 0,
  fallbacks: 0,
  guarded: 0,
  promptTokens: 0,
  completionTokens: 0,
  p50: null,
  p95: null,
});
