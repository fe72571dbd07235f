/** What both engines answer: the same contract, so the same tests run against either. */
import type { SearchType } from '../generated/prisma/client.ts';

export interface SearchRequest {
  query: string;
  types: SearchType[] | undefined;
  filters: { level?: string; tags?: string[]; language?: string; courseId?: string };
  first: number;
  offset: number;
  /** Who asks: their own drafts are found too (everything for admins). */
  viewer: { userId: string; admin: boolean } | undefined;
}

export interface Hit {
  type: SearchType;
  entityId: string;
  language: string;
  courseId: string | null;
  ownerId: string | null;
  score: number;
  title: string;
  snippet: string;
  highlights: string[];
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResult {
  hits: Hit[];
  total: number;
  facets: { types: FacetCount[]; levels: FacetCount[]; tags: FacetCount[] };
}

export interface SearchEngine {
  readonly name: 'postgres' | 'elasticsearch';
  search(request: SearchRequest): Promise<SearchResult>;
  suggest(prefix: string, first: number, viewer: SearchRequest['viewer']): Promise<string[]>;
  /** Mirrors these documents (read from the subgraph's table) after they changed; those no longer there are deleted. */
  sync(documentIds: string[]): Promise<void>;
  /** Rebuilds the whole index from the documents while queries keep being answered. */
  reindex(): Promise<{ documents: number; index: string }>;
}
