/** The search API: validated arguments, offset cursors, the viewer's visibility, one engine behind. */
import { hasRole, type Viewer } from '#platform/auth/viewer.ts';
import { badInput } from '#platform/errors.ts';
import { parseInput } from '#platform/validation.ts';
import { z } from 'zod';
import type { SearchEngine, SearchRequest } from './engine.ts';
import type { Hit, SearchResult } from './engine.ts';
import type { SearchType } from '../generated/prisma/client.ts';

const TYPES = ['COURSE', 'LESSON', 'QUEST', 'INSTRUCTOR', 'QUIZ', 'WEBINAR'] as const satisfies ReadonlyArray<SearchType>;
const searchArgs = z.object({
  query: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  types: z.array(z.enum(TYPES)).max(TYPES.length).nullish(),
  filters: z
    .object({
      level: z.enum(['BEGINNER', 'INTERMEDIATE', 'ADVANCED']).nullish(),
      tags: z.array(z.string().trim().toLowerCase().min(1).max(50)).max(10, 'at most 10 tags').nullish(),
      language: z
        .string()
        .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language such as en or fr')
        .nullish(),
      courseId: z.string().min(1).max(200).nullish(),
    })
    .nullish(),
  first: z.number().int().min(1, 'must be at least 1').max(50, 'must be at most 50').nullish(),
  after: z.string().max(100).nullish(),
});
const suggestArgs = z.object({
  prefix: z.string().max(100, 'must be at most 100 characters'),
  first: z.number().int().min(1, 'must be at least 1').max(20, 'must be at most 20').nullish(),
});

const CURSOR = 'search:';
const encodeOffset = (offset: number) => Buffer.from(`${CURSOR}${offset}`).toString('base64url');
function decodeOffset(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString();
  const offset = Number(text.slice(CURSOR.length));
  if (!text.startsWith(CURSOR) || !Number.isInteger(offset) || offset < 0 || offset > 10_000)
    throw badInput('after: not a cursor of this search');
  return offset;
}

export interface SearchPage {
  edges: Array<{ node: Hit; cursor: string }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
  facets: SearchResult['facets'];
}

export class Search {
  constructor(readonly engine: SearchEngine) {}

  async search(viewer: Viewer | undefined, raw: unknown): Promise<SearchPage> {
    const args = parseInput(searchArgs, raw);
    const offset = args.after ? decodeOffset(args.after) + 1 : 0;
    const first = args.first ?? 10;
    const filters = args.filters ?? {};
    const request: SearchRequest = {
      query: args.query,
      types: args.types ?? undefined,
      filters: {
        ...(filters.level ? { level: filters.level } : {}),
        ...(filters.tags?.length ? { tags: filters.tags } : {}),
        ...(filters.language ? { language: filters.language } : {}),
        ...(filters.courseId ? { courseId: filters.courseId } : {}),
      },
      first,
      offset,
      viewer: viewerOf(viewer),
    };
    const result = await this.engine.search(request);
    const edges = result.hits.map((node, index) => ({ node, cursor: encodeOffset(offset + index) }));
    return {
      edges,
      pageInfo: { hasNextPage: offset + edges.length < result.total, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: result.total,
      facets: result.facets,
    };
  }

  suggestions(viewer: Viewer | undefined, raw: unknown): Promise<string[]> {
    const { prefix, first } = parseInput(suggestArgs, raw);
    return this.engine.suggest(prefix, first ?? 8, viewerOf(viewer));
  }
}

const viewerOf = (viewer: Viewer | undefined): SearchRequest['viewer'] =>
  viewer ? { userId: viewer.userId, admin: hasRole(viewer, 'ADMIN') } : undefined;
