/** A citation as stored with an answer (and in the cache): enough to resolve it and to check it is still current. */
import type { RetrievedChunk } from './retrieval.ts';
import { withoutCode } from '../rules/chunking.ts';
import { maskInlineCode } from '../rules/extractive.ts';

export interface Citation {
  documentId: string;
  chunkId: string;
  kind: 'LESSON' | 'QUEST';
  sourceId: string;
  courseId: string | null;
  title: string;
  snippet: string;
  score: number;
  url: string;
  version: number;
}

const SNIPPET_CHARS = 280;

const shorten = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS - 1).trimEnd()}\u2026` : flat;
};

/** Under the pedagogy guard, snippets lose their code as the answer does, and titles name the lesson or quest only. */
export function citationOf(chunk: RetrievedChunk, guarded: boolean): Citation {
  const text = guarded ? maskInlineCode(withoutCode(chunk.text)) : chunk.text;
  return {
    documentId: chunk.documentId,
    chunkId: chunk.chunkId,
    kind: chunk.kind,
    sourceId: chunk.sourceId,
    courseId: chunk.courseId,
    title: guarded ? chunk.title : chunk.heading,
    snippet: shorten(text),
    score: chunk.score,
    url:
      chunk.kind === 'LESSON'
        ? `/courses/${chunk.courseSlug ?? chunk.courseId}/lessons/${chunk.sourceId}`
        : `/quests/${chunk.sourceId}${chunk.stepId ? `#step-${chunk.stepId}` : ''}`,
    version: chunk.version,
  };
}
