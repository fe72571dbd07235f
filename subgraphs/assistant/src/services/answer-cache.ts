/**
 * The answer cache (Redis, memory when embedded): by normalised question and context. An entry
 * remembers the template version, the version of each document it cited and how many documents
 * the index held; a hit is served only while they are all unchanged, so an indexed lesson change
 * invalidates what cited it (and new or removed content every answer), on every replica, even
 * after a restart.
 */
import { createHash } from 'node:crypto';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Citation } from './citations.ts';

export interface CachedAnswer {
  text: string;
  provider: string;
  model: string;
  templateId: string;
  templateVersion: number;
  citations: Citation[];
  /** Documents in the index when it was answered: new content may answer better. */
  documents: number;
}

export interface CacheContext {
  queryType: string;
  courseId?: string | null;
  lessonId?: string | null;
  questId?: string | null;
  /** The provider that would answer now: a cached extractive answer is not served once a model is configured. */
  provider: string;
}

/** Case, spacing and final punctuation do not make a new question. */
export const normaliseQuestion = (question: string): string =>
  question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s?!.]+$/, '')
    .trim();

export function cacheKey(question: string, context: CacheContext): string {
  const parts = [
    normaliseQuestion(question),
    context.queryType,
    context.courseId ?? '',
    context.lessonId ?? '',
    context.questId ?? '',
    context.provider,
  ];
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url');
}

export class AnswerCache {
  constructor(
    private readonly store: KeyValueCache<string>,
    private readonly ttlSeconds: number,
  ) {}

  async get(key: string): Promise<CachedAnswer | undefined> {
    const raw = await this.store.get(key);
    return raw ? (JSON.parse(raw) as CachedAnswer) : undefined;
  }

  async set(key: string, answer: CachedAnswer): Promise<void> {
    await this.store.set(key, JSON.stringify(answer), { ttl: this.ttlSeconds });
  }

  async delete(key: string): Promise<void> {
    await this.store.delete(key);
  }
}
