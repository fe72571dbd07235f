/**
 * Retrieval: full-text ranking in Postgres (english and french configurations: each chunk is
 * searched with the query in its own language), the question's words OR-ed so a natural question
 * still matches; fused with vector similarity (reciprocal rank fusion) when an embedding provider
 * is configured. The context given (lesson, quest, course) lifts its own passages.
 */
import type { Logger } from '#platform/logger.ts';
import { tableIn, type AssistantDb } from '../db.ts';
import type { EmbeddingProvider } from '../providers/types.ts';
import { expandForSearch } from '../rules/glossary.ts';

export interface RetrievedChunk {
  chunkId: string;
  documentId: string;
  kind: 'LESSON' | 'QUEST';
  sourceId: string;
  courseId: string | null;
  courseSlug: string | null;
  title: string;
  heading: string;
  text: string;
  stepId: string | null;
  hint: string | null;
  level: string | null;
  version: number;
  score: number;
}

export interface RetrievalScope {
  courseId?: string | null;
  lessonId?: string | null;
  questId?: string | null;
  /** Exercise questions prefer quests' steps; the others the lessons that explain. */
  preferQuests?: boolean;
}

interface RankedRow extends Omit<RetrievedChunk, 'score'> {
  rank: number;
}

/** The lexemes of $1 in a text search configuration, OR-ed into a tsquery's text (quotes and backslashes dropped). */
const lexemes = (config: 'english' | 'french') =>
  `(SELECT string_agg('''' || replace(replace(l, '''', ''), '\\', '') || '''', ' | ')
      FROM unnest(tsvector_to_array(to_tsvector('${config}'::regconfig, $1))) AS l)`;

/** Candidates read from full text before the context boosts and the one-per-document cut. */
const CANDIDATES = 40;
const RRF_K = 60;

const COLUMNS = `c.id AS "chunkId", c."documentId", d.kind::text AS kind, d."sourceId", d."courseId", d."courseSlug", d.title,
  c.heading, c.text, c."stepId", c.hint, d.level, d.version`;

export class Retrieval {
  private readonly table: (name: string) => string;

  constructor(
    private readonly db: AssistantDb,
    schema: string,
    private readonly embedder: EmbeddingProvider | undefined,
    private readonly log: Logger,
  ) {
    this.table = tableIn(schema);
  }

  async search(question: string, scope: RetrievalScope, limit = 3): Promise<RetrievedChunk[]> {
    const fullText = await this.fullText(expandForSearch(question));
    const vector = this.embedder ? await this.vectorRanks(question) : undefined;
    let ranked: Array<RankedRow & { score: number }>;
    if (vector?.size) {
      // Reciprocal rank fusion: a passage high in either list comes first.
      const fused = new Map<string, number>();
      fullText.forEach((row, index) => fused.set(row.chunkId, 1 / (RRF_K + index + 1)));
      for (const [chunkId, rank] of vector) fused.set(chunkId, (fused.get(chunkId) ?? 0) + 1 / (RRF_K + rank + 1));
      const missing = [...vector.keys()].filter((id) => !fullText.some((row) => row.chunkId === id)).slice(0, CANDIDATES);
      const rows = [...fullText, ...(await this.rowsByIds(missing))];
      ranked = rows.map((row) => ({ ...row, score: (fused.get(row.chunkId) ?? 0) * 100 }));
    } else {
      ranked = fullText.map((row) => ({ ...row, score: row.rank }));
    }
    const boosted = ranked
      .map((row) => ({ ...row, score: row.score * boostFor(row, scope) }))
      .sort((a, b) => b.score - a.score || a.chunkId.localeCompare(b.chunkId));
    const seen = new Set<string>();
    const picked: RetrievedChunk[] = [];
    for (const { rank: _rank, ...row } of boosted) {
      if (seen.has(row.documentId)) continue;
      seen.add(row.documentId);
      picked.push({ ...row, score: Math.round(row.score * 10_000) / 10_000 });
      if (picked.length === limit) break;
    }
    return picked;
  }

  /** The question's lexemes in each configuration, OR-ed; each chunk matched in its own language. */
  private fullText(question: string): Promise<RankedRow[]> {
    return this.db.$queryRawUnsafe<RankedRow[]>(
      `WITH q AS (
         SELECT coalesce(${lexemes('english')}, '')::tsquery AS english,
                coalesce(${lexemes('french')}, '')::tsquery AS french
       )
       SELECT ${COLUMNS},
              ts_rank(c."searchVector", CASE WHEN c.language = 'french' THEN q.french ELSE q.english END, 1)::float8 AS rank
         FROM ${this.table('Chunk')} AS c
         JOIN ${this.table('Document')} AS d ON d.id = c."documentId"
        CROSS JOIN q
        WHERE c."searchVector" @@ (CASE WHEN c.language = 'french' THEN q.french ELSE q.english END)
        ORDER BY rank DESC, c.id
        LIMIT ${CANDIDATES}`,
      question,
    );
  }

  /** Chunk id → rank by cosine similarity with the question, among chunks embedded by the same model. */
  private async vectorRanks(question: string): Promise<Map<string, number> | undefined> {
    const embedder = this.embedder!;
    let query: number[];
    try {
      query = (await embedder.embed([question]))[0]!;
    } catch (error) {
      this.log.warn({ err: error, provider: embedder.name }, 'question embedding failed: full text only');
      return undefined;
    }
    const chunks = await this.db.chunk.findMany({
      where: { embeddingModel: embedder.embeddingModel },
      select: { id: true, embedding: true },
    });
    const scored = chunks
      .map((chunk) => ({ id: chunk.id, similarity: cosine(query, chunk.embedding) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, CANDIDATES);
    return new Map(scored.map((entry, index) => [entry.id, index]));
  }

  private rowsByIds(ids: string[]): Promise<RankedRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.$queryRawUnsafe<RankedRow[]>(
      `SELECT ${COLUMNS}, 0::float8 AS rank
         FROM ${this.table('Chunk')} AS c JOIN ${this.table('Document')} AS d ON d.id = c."documentId"
        WHERE c.id = ANY($1::text[])`,
      ids,
    );
  }
}

/** The context the learner gave lifts its own passages: the lesson or quest most, its course a little. */
function boostFor(row: RankedRow, scope: RetrievalScope): number {
  if (scope.lessonId && row.kind === 'LESSON' && row.sourceId === scope.lessonId) return 3;
  if (scope.questId && row.kind === 'QUEST' && row.sourceId === scope.questId) return 3;
  const kind = (row.kind === 'QUEST') === Boolean(scope.preferQuests) ? 1 : 0.5;
  if (scope.courseId && row.courseId === scope.courseId) return 1.5 * kind;
  return kind;
}

export function cosine(a: number[], b: number[]): number {
  if (a.length !== b.length || !a.length) return 0;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index += 1) {
    dot += a[index]! * b[index]!;
    normA += a[index]! * a[index]!;
    normB += b[index]! * b[index]!;
  }
  return normA && normB ? dot / Math.sqrt(normA * normB) : 0;
}
