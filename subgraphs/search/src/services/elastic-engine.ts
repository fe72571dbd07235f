/**
 * Search on Elasticsearch (ELASTICSEARCH_URL): an index with English and French analyzers behind an
 * alias, fed from the subgraph's documents (bulk), queried with fuzziness AUTO, title boosts,
 * phrases, highlights and aggregations. `reindex` builds a new index and switches the alias in one
 * atomic call, so queries never see an empty index.
 */
import { Client } from '@elastic/elasticsearch';
import type { SearchDb } from '../db.ts';
import type { SearchDocument } from '../generated/prisma/client.ts';
import type { FacetCount, Hit, SearchEngine, SearchRequest, SearchResult } from './engine.ts';
import { INDEX_SETTINGS, MAPPINGS } from './elastic-mapping.ts';
import { parseQuery } from './text.ts';

const BULK_SIZE = 500;
const FIELDS = ['title.en^3', 'body.en', 'title.fr^3', 'body.fr'];

interface Source {
  id: string;
  type: Hit['type'];
  entityId: string;
  entityKey: string;
  language: string;
  title: string;
  body: string;
  courseId: string | null;
  ownerId: string | null;
  visibility: string;
  level: string | null;
  tags: string[];
}

const sourceOf = (document: SearchDocument): Source => ({
  id: document.id,
  type: document.type,
  entityId: document.entityId,
  entityKey: `${document.type}:${document.entityId}`,
  language: document.language,
  title: document.title,
  body: document.body,
  courseId: document.courseId,
  ownerId: document.ownerId,
  visibility: document.visibility,
  level: document.level,
  tags: document.tags,
});

interface Bucket {
  key: string;
  doc_count: number;
  entities?: { value: number };
}

export class ElasticEngine implements SearchEngine {
  readonly name = 'elasticsearch';
  private readonly client: Client;
  private ready: Promise<void> | undefined;

  constructor(
    node: string,
    private readonly alias: string,
    private readonly db: SearchDb,
  ) {
    this.client = new Client({ node, requestTimeout: 10_000, maxRetries: 1 });
  }

  /** Creates the first index behind the alias when there is none (first start). */
  ensureIndex(): Promise<void> {
    this.ready ??= (async () => {
      if (await this.client.indices.existsAlias({ name: this.alias })) return;
      const index = this.newIndexName();
      await this.createIndex(index);
      await this.client.indices.updateAliases({ actions: [{ add: { index, alias: this.alias, is_write_index: true } }] });
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    await this.ensureIndex();
    const { phrases, words, excluded } = parseQuery(request.query);
    const must: object[] = [];
    if (words.length)
      must.push({
        multi_match: {
          query: words.join(' '),
          fields: FIELDS,
          type: 'best_fields',
          fuzziness: 'AUTO',
          prefix_length: 1,
          operator: 'and',
        },
      });
    for (const phrase of phrases) must.push({ multi_match: { query: phrase, fields: FIELDS, type: 'phrase' } });
    const response = await this.client.search<Source>({
      index: this.alias,
      from: request.offset,
      size: request.first,
      track_total_hits: true,
      query: {
        bool: {
          must: must.length ? must : [{ match_none: {} }],
          must_not: excluded.length ? [{ multi_match: { query: excluded.join(' '), fields: FIELDS } }] : [],
          filter: this.filters(request),
        },
      },
      collapse: { field: 'entityKey' },
      highlight: {
        encoder: 'html',
        pre_tags: ['<mark>'],
        post_tags: ['</mark>'],
        fields: {
          'title.en': { number_of_fragments: 0 },
          'title.fr': { number_of_fragments: 0 },
          'body.en': { fragment_size: 160, number_of_fragments: 2 },
          'body.fr': { fragment_size: 160, number_of_fragments: 2 },
        },
      },
      aggs: {
        entities: { cardinality: { field: 'entityKey' } },
        types: { terms: { field: 'type', size: 10 }, aggs: { entities: { cardinality: { field: 'entityKey' } } } },
        levels: { terms: { field: 'level', size: 10 }, aggs: { entities: { cardinality: { field: 'entityKey' } } } },
        tags: { terms: { field: 'tags', size: 20 }, aggs: { entities: { cardinality: { field: 'entityKey' } } } },
      },
    });
    const aggregations = (response.aggregations ?? {}) as Record<string, { value?: number; buckets?: Bucket[] }>;
    const facet = (name: string): FacetCount[] =>
      (aggregations[name]?.buckets ?? []).map((bucket) => ({
        value: bucket.key,
        count: bucket.entities?.value ?? bucket.doc_count,
      }));
    return {
      total: aggregations.entities?.value ?? 0,
      facets: { types: facet('types'), levels: facet('levels'), tags: facet('tags') },
      hits: response.hits.hits.map((hit) => {
        const source = hit._source!;
        const marks = hit.highlight ?? {};
        const title = marks['title.en']?.[0] ?? marks['title.fr']?.[0];
        const body = [...(marks['body.en'] ?? []), ...(marks['body.fr'] ?? [])];
        return {
          type: source.type,
          entityId: source.entityId,
          language: source.language,
          courseId: source.courseId,
          ownerId: source.ownerId,
          score: hit._score ?? 0,
          title: source.title,
          snippet: body[0] ?? title ?? escapeForSnippet(source.body.slice(0, 200)),
          highlights: [...(title ? [title] : []), ...body],
        };
      }),
    };
  }

  async suggest(prefix: string, first: number, viewer: SearchRequest['viewer']): Promise<string[]> {
    await this.ensureIndex();
    const response = await this.client.search<Pick<Source, 'title'>>({
      index: this.alias,
      size: first * 2,
      _source: ['title'],
      query: {
        bool: {
          must: [
            {
              multi_match: {
                query: prefix,
                type: 'bool_prefix',
                fields: ['title.suggest', 'title.suggest._2gram', 'title.suggest._3gram'],
              },
            },
          ],
          filter: [this.visibility(viewer)],
        },
      },
    });
    const seen = new Set<string>();
    return response.hits.hits
      .map((hit) => hit._source!.title)
      .filter((title) => !seen.has(title.toLowerCase()) && Boolean(seen.add(title.toLowerCase())))
      .slice(0, first);
  }

  /** Indexes the documents that exist and deletes those that no longer do (a cancelled webinar). */
  async sync(documentIds: string[]): Promise<void> {
    if (!documentIds.length) return;
    await this.ensureIndex();
    const documents = await this.db.searchDocument.findMany({ where: { id: { in: documentIds } } });
    const kept = new Set(documents.map((document) => document.id));
    await this.bulk(
      this.alias,
      documents,
      'wait_for',
      documentIds.filter((id) => !kept.has(id)),
    );
  }

  async reindex(): Promise<{ documents: number; index: string }> {
    const index = this.newIndexName();
    await this.createIndex(index);
    let documents = 0;
    let cursor: string | undefined;
    for (;;) {
      const page = await this.db.searchDocument.findMany({
        orderBy: { id: 'asc' },
        take: BULK_SIZE,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      if (!page.length) break;
      await this.bulk(index, page, false);
      documents += page.length;
      cursor = page.at(-1)!.id;
    }
    await this.client.indices.refresh({ index });
    // One atomic call: the alias moves from the old indexes to the new one, queries never see a gap.
    const previous = (await this.client.indices.existsAlias({ name: this.alias }))
      ? Object.keys(await this.client.indices.getAlias({ name: this.alias }))
      : [];
    await this.client.indices.updateAliases({
      actions: [
        ...previous.map((old) => ({ remove: { index: old, alias: this.alias } })),
        { add: { index, alias: this.alias, is_write_index: true } },
      ],
    });
    if (previous.length) await this.client.indices.delete({ index: previous });
    this.ready = Promise.resolve();
    return { documents, index };
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async createIndex(index: string): Promise<void> {
    await this.client.indices.create({ index, settings: INDEX_SETTINGS, mappings: MAPPINGS } as never);
  }

  private async bulk(
    index: string,
    documents: SearchDocument[],
    refresh: 'wait_for' | false,
    deleted: string[] = [],
  ): Promise<void> {
    if (!documents.length && !deleted.length) return;
    const operations = [
      ...documents.flatMap((document) => [{ index: { _index: index, _id: document.id } }, sourceOf(document)]),
      ...deleted.map((id) => ({ delete: { _index: index, _id: id } })),
    ];
    const response = await this.client.bulk({ operations, refresh });
    // A delete of a document the index never had answers not_found, which is not an error.
    if (response.errors) {
      const failed = response.items.map((item) => (item.index ?? item.delete)?.error).find(Boolean);
      throw new Error(`Elasticsearch refused documents: ${JSON.stringify(failed)}`);
    }
  }

  private newIndexName(): string {
    return `${this.alias}-${new Date()
      .toISOString()
      .replace(/[^0-9]/g, '')
      .slice(0, 17)}`;
  }

  private visibility(viewer: SearchRequest['viewer']): object {
    if (viewer?.admin) return { match_all: {} };
    return {
      bool: {
        should: [{ term: { visibility: 'PUBLIC' } }, ...(viewer ? [{ term: { ownerId: viewer.userId } }] : [])],
        minimum_should_match: 1,
      },
    };
  }

  private filters(request: SearchRequest): object[] {
    const { level, tags, language, courseId } = request.filters;
    return [
      this.visibility(request.viewer),
      ...(request.types?.length ? [{ terms: { type: request.types } }] : []),
      ...(level ? [{ term: { level } }] : []),
      ...(tags ?? []).map((tag) => ({ term: { tags: tag } })),
      ...(language ? [{ term: { language } }] : []),
      ...(courseId ? [{ term: { courseId } }] : []),
    ];
  }
}

const escapeForSnippet = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
