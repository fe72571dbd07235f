/**
 * Search on Postgres full text in the subgraph's own database: each document's weighted tsvector
 * (English or French configuration by its language) against websearch_to_tsquery in the same
 * configuration ("phrases", -exclusions, or); unknown words are first corrected against the
 * vocabulary of public documents (edit distance, as Elasticsearch's fuzziness AUTO); ranking is
 * ts_rank_cd with titles weighted above bodies; ts_headline marks the matched terms.
 */
import type { SqlDatabase, SqlSession } from '#platform/db/sql.ts';
import type { DocumentStore } from './documents.ts';
import type { FacetCount, Hit, SearchEngine, SearchRequest, SearchResult } from './engine.ts';
import { closestTerm, correctQuery, editBudget, parseQuery } from './text.ts';

const CONFIG = `CASE WHEN d.language LIKE 'fr%' THEN 'french'::regconfig ELSE 'english'::regconfig END`;
const HEADLINE = `StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;
const escaped = (column: string) => `replace(replace(replace(${column}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;

interface HitRow {
  type: Hit['type'];
  entityId: string;
  language: string;
  courseId: string | null;
  ownerId: string | null;
  score: number;
  title: string;
  titleHeadline: string;
  bodyHeadline: string;
  total: string | number;
}

export class PostgresEngine implements SearchEngine {
  readonly name = 'postgres';

  constructor(
    private readonly sql: SqlDatabase,
    private readonly store: DocumentStore,
  ) {}

  /** Every word first; when that finds nothing, any of them (ranking puts the documents with most words first). */
  async search(request: SearchRequest): Promise<SearchResult> {
    const query = await this.corrected(request.query);
    const result = await this.run(request, query);
    const parsed = parseQuery(query);
    if (result.total || parsed.phrases.length || parsed.excluded.length || parsed.words.length < 2 || /\bor\b/i.test(query))
      return result;
    return this.run(request, parsed.words.join(' or '));
  }

  private async run(request: SearchRequest, query: string): Promise<SearchResult> {
    const params: unknown[] = [query];
    const where = this.filters(request, params);
    const matched = `
      WITH q AS (SELECT websearch_to_tsquery('english', $1) AS en, websearch_to_tsquery('french', $1) AS fr),
      matched AS (
        SELECT d.*, CASE WHEN d.language LIKE 'fr%' THEN q.fr ELSE q.en END AS tsq
        FROM ${this.store.table('SearchDocument')} d, q
        WHERE d."searchVector" <> '' AND ${where}
      ),
      ranked AS (
        SELECT DISTINCT ON (type, "entityId") *, ts_rank_cd('{0.05, 0.15, 0.3, 1.0}', "searchVector"::tsvector, tsq, 1) AS score
        FROM matched WHERE "searchVector"::tsvector @@ tsq
        ORDER BY type, "entityId", ts_rank_cd('{0.05, 0.15, 0.3, 1.0}', "searchVector"::tsvector, tsq, 1) DESC, language
      )`;
    const pageParams = [...params, request.first, request.offset];
    const [rows, facetRows] = await Promise.all([
      this.sql.query<HitRow>(
        `${matched},
        page AS (SELECT *, count(*) OVER () AS total FROM ranked ORDER BY score DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2})
        SELECT type, "entityId", language, "courseId", "ownerId", score, title, total,
          ts_headline(${CONFIG}, ${escaped('title')}, tsq, 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true') AS "titleHeadline",
          ts_headline(${CONFIG}, ${escaped('body')}, tsq, '${HEADLINE}') AS "bodyHeadline"
        FROM page d ORDER BY score DESC, id`,
        pageParams,
      ),
      this.sql.query<{ facet: string; value: string; count: string | number }>(
        `${matched}
        SELECT 'types' AS facet, type::text AS value, count(*) AS count FROM ranked GROUP BY type
        UNION ALL SELECT 'levels', level, count(*) FROM ranked WHERE level IS NOT NULL GROUP BY level
        UNION ALL SELECT 'tags', tag, count(*) FROM ranked, unnest(tags) AS tag GROUP BY tag`,
        params,
      ),
    ]);
    const facets: SearchResult['facets'] = { types: [], levels: [], tags: [] };
    for (const row of facetRows) facets[row.facet as keyof typeof facets].push({ value: row.value, count: Number(row.count) });
    for (const list of Object.values(facets)) list.sort(byCount);
    facets.tags.splice(20);
    const total = rows[0] ? Number(rows[0].total) : request.offset > 0 ? await this.count(matched, params) : 0;
    return {
      total,
      facets,
      hits: rows.map((row) => ({
        type: row.type,
        entityId: row.entityId,
        language: row.language,
        courseId: row.courseId,
        ownerId: row.ownerId,
        score: Number(row.score),
        title: row.title,
        snippet: row.bodyHeadline || row.titleHeadline,
        highlights: [row.titleHeadline, ...row.bodyHeadline.split(' … ')].filter((text) => text.includes('<mark>')),
      })),
    };
  }

  async suggest(prefix: string, first: number, viewer: SearchRequest['viewer']): Promise<string[]> {
    const word = prefix.trim().toLowerCase();
    if (!word) return [];
    const params: unknown[] = [word, viewer?.userId ?? null, viewer?.admin ?? false, first];
    const like = `replace(replace(replace($1, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
    const rows = await this.sql.query<{ text: string }>(
      `(SELECT DISTINCT ON (lower(title)) title AS text, 0 AS rank, lower(title) AS sort
          FROM ${this.store.table('SearchDocument')}
          WHERE (visibility = 'PUBLIC' OR "ownerId" = $2 OR $3) AND lower(title) LIKE ${like} || '%'
          ORDER BY lower(title) LIMIT $4)
       UNION ALL
       (SELECT DISTINCT ON (lower(title)) title, 1, lower(title)
          FROM ${this.store.table('SearchDocument')}
          WHERE (visibility = 'PUBLIC' OR "ownerId" = $2 OR $3) AND lower(title) LIKE '% ' || ${like} || '%'
          ORDER BY lower(title) LIMIT $4)
       UNION ALL
       (SELECT term, 2, lpad((1000000 - "docCount")::text, 7, '0') FROM ${this.store.table('SearchTerm')}
          WHERE term LIKE ${like} || '%' ORDER BY "docCount" DESC, term LIMIT $4)
       ORDER BY rank, sort LIMIT $4 * 3`,
      params,
    );
    const seen = new Set<string>();
    const suggestions: string[] = [];
    for (const { text } of rows) {
      const key = text.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      suggestions.push(text);
      if (suggestions.length === first) break;
    }
    return suggestions;
  }

  /** Nothing to mirror: the documents table is this engine's index. */
  async sync(): Promise<void> {}

  /**
   * Recomputes every tsvector and the vocabulary in one transaction: readers keep seeing the
   * previous state (MVCC) until it commits, so queries are answered throughout.
   */
  async reindex(): Promise<{ documents: number; index: string }> {
    return this.sql.transaction(async (session) => {
      const [row] = await session.query<{ count: string | number }>(
        `SELECT count(*) AS count FROM ${this.store.table('SearchDocument')}`,
      );
      await this.store.writeVectors((text, values) => session.query(text, values), 'all');
      await this.writeVocabulary(session);
      return { documents: Number(row?.count ?? 0), index: 'postgres' };
    });
  }

  /** The words of public documents (never a draft's), with how many documents hold each. */
  rebuildVocabulary(): Promise<void> {
    return this.sql.transaction((session) => this.writeVocabulary(session));
  }

  private async writeVocabulary(session: SqlSession): Promise<void> {
    const terms = this.store.table('SearchTerm');
    const inner = `SELECT to_tsvector('simple', title || ' ' || body) FROM ${this.store.table('SearchDocument')} WHERE visibility = 'PUBLIC'`;
    // One rebuild at a time (readers are not blocked): two at once would each delete only the rows
    // their snapshot saw, then insert the same terms (a duplicate key).
    await session.query(`LOCK TABLE ${terms} IN EXCLUSIVE MODE`);
    await session.query(`DELETE FROM ${terms}`);
    await session.query(
      `INSERT INTO ${terms} (term, "docCount")
       SELECT word, ndoc FROM ts_stat('${inner.replaceAll("'", "''")}')
       WHERE length(word) BETWEEN 2 AND 40 AND word ~ '^[[:alpha:]][[:alnum:]_]*$'`,
    );
  }

  /** The query with each word the vocabulary does not know replaced by its closest term. */
  private async corrected(query: string): Promise<string> {
    const words = [...new Set(parseQuery(query).words.filter((word) => editBudget(word.length) > 0 && !/\d/.test(word)))];
    if (!words.length) return query;
    const rows = await this.sql.query<{ term: string; docCount: number }>(
      `SELECT term, "docCount" FROM ${this.store.table('SearchTerm')}
       WHERE left(term, 1) = ANY($1::text[]) AND length(term) BETWEEN $2 AND $3`,
      [
        [...new Set(words.map((word) => word[0]!))],
        Math.min(...words.map((word) => word.length)) - 2,
        Math.max(...words.map((word) => word.length)) + 2,
      ],
    );
    const known = new Set(rows.map((row) => row.term));
    const corrections = new Map<string, string>();
    for (const word of words) {
      if (known.has(word)) continue;
      const term = closestTerm(word, rows);
      if (term) corrections.set(word, term);
    }
    return correctQuery(query, corrections);
  }

  private filters(request: SearchRequest, params: unknown[]): string {
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const clauses = [
      request.viewer?.admin ? 'TRUE' : `(d.visibility = 'PUBLIC' OR d."ownerId" = ${add(request.viewer?.userId ?? null)})`,
    ];
    const { level, tags, language, courseId } = request.filters;
    if (request.types?.length) clauses.push(`d.type::text = ANY(${add(request.types)}::text[])`);
    if (level) clauses.push(`d.level = ${add(level)}`);
    if (tags?.length) clauses.push(`d.tags @> ${add(tags)}::text[]`);
    if (language) clauses.push(`d.language = ${add(language)}`);
    if (courseId) clauses.push(`d."courseId" = ${add(courseId)}`);
    return clauses.join(' AND ');
  }

  private async count(matched: string, params: unknown[]): Promise<number> {
    const [row] = await this.sql.query<{ count: string | number }>(`${matched} SELECT count(*) AS count FROM ranked`, params);
    return Number(row?.count ?? 0);
  }
}

const byCount = (a: FacetCount, b: FacetCount) => b.count - a.count || a.value.localeCompare(b.value);
