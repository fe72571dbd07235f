/**
 * askAssistant: quota, context, cache, retrieval, the pedagogy guard, the template, the provider
 * chain, then the answer saved with its event (RAG_QUERY_PROCESSED) in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Viewer } from '#platform/auth/viewer.ts';
import { conflict, isUniqueViolation, notFound } from '#platform/errors.ts';
import type { SubgraphEvents } from '#platform/events/subgraph-events.ts';
import type { Logger } from '#platform/logger.ts';
import { parseInput } from '#platform/validation.ts';
import { z } from 'zod';
import type { AssistantDb } from '../db.ts';
import type { Answer } from '../generated/prisma/client.ts';
import { composeExtractive, maskInlineCode } from '../rules/extractive.ts';
import { withoutCode } from '../rules/chunking.ts';
import { GUARD_INSTRUCTIONS, type GuardStage } from '../rules/guard.ts';
import { inferQueryType, QUERY_TYPES, type QueryType } from '../rules/query-type.ts';
import { chooseTemplate, renderPrompt } from '../rules/templates.ts';
import type { ActiveWork } from './active-work.ts';
import { AnswerCache, cacheKey, type CachedAnswer } from './answer-cache.ts';
import { citationOf, type Citation } from './citations.ts';
import { lessonDocumentId, questDocumentId } from './content-index.ts';
import type { Conversations } from './conversations.ts';
import type { Generation } from './generation.ts';
import type { Quotas } from './quotas.ts';
import type { Retrieval, RetrievedChunk } from './retrieval.ts';
import type { AnswerStreams } from './answer-streams.ts';
import type { Templates } from './templates.ts';

export const MAX_QUESTION_CHARS = 4_000;
const id = z.string().trim().min(1, 'must not be empty').max(200, 'is not an id');
const askInput = z.object({
  question: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_QUESTION_CHARS, `must be at most ${MAX_QUESTION_CHARS} characters`),
  queryType: z.enum(QUERY_TYPES).nullish(),
  courseId: id.nullish(),
  lessonId: id.nullish(),
  questId: id.nullish(),
  conversationId: id.nullish(),
  answerId: z.uuid('must be a UUID').nullish(),
});
type AskInput = z.infer<typeof askInput>;

export interface TutorDeps {
  db: AssistantDb;
  events: SubgraphEvents;
  log: Logger;
  quotas: Quotas;
  retrieval: Retrieval;
  generation: Generation;
  cache: AnswerCache;
  templates: Templates;
  activeWork: ActiveWork;
  conversations: Conversations;
  streams: AnswerStreams;
}

interface Context {
  courseId: string | null;
  lessonId: string | null;
  questId: string | null;
  level: string | null;
}

interface Composed {
  text: string;
  provider: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  fallback: boolean;
  failure: string | null;
  templateId: string;
  templateVersion: number;
  citations: Citation[];
  cached: boolean;
  guard: GuardStage | null;
}

export class Tutor {
  constructor(private readonly deps: TutorDeps) {}

  async ask(viewer: Viewer, raw: unknown): Promise<Answer> {
    const started = performance.now();
    const input = parseInput(askInput, raw);
    const { quotas, conversations, streams } = this.deps;
    const [context] = await Promise.all([
      this.context(input),
      input.conversationId ? conversations.findOwn(viewer, input.conversationId) : undefined,
    ]);
    await quotas.take(viewer);
    const answerId = input.answerId ?? randomUUID();
    if (input.answerId && !(await streams.claim(answerId, viewer.userId))) throw conflict(`The answer id ${answerId} is taken`);
    try {
      const queryType = input.queryType ?? inferQueryType(input.question, input);
      const composed = await this.compose(viewer, input, queryType, context, input.answerId ? answerId : undefined);
      const latencyMs = Math.round(performance.now() - started);
      const answer = await this.save(viewer, input, answerId, queryType, composed, latencyMs, context);
      if (input.answerId) await streams.finish(answerId, viewer.userId, composed.text);
      return answer;
    } catch (error) {
      if (input.answerId) await streams.abandon(answerId, viewer.userId);
      throw error;
    }
  }

  /** The context given, checked against the index: NOT_FOUND for what it does not hold. */
  private async context(input: AskInput): Promise<Context> {
    const { db } = this.deps;
    const ids = [input.lessonId && lessonDocumentId(input.lessonId), input.questId && questDocumentId(input.questId)].filter(
      (value): value is string => Boolean(value),
    );
    const [documents, course] = await Promise.all([
      ids.length ? db.document.findMany({ where: { id: { in: ids } }, select: { id: true, courseId: true, level: true } }) : [],
      input.courseId
        ? db.document.findFirst({ where: { courseId: input.courseId, kind: 'LESSON' }, select: { level: true } })
        : undefined,
    ]);
    const lesson = input.lessonId ? documents.find((document) => document.id === lessonDocumentId(input.lessonId!)) : undefined;
    const quest = input.questId ? documents.find((document) => document.id === questDocumentId(input.questId!)) : undefined;
    if (input.lessonId && !lesson) throw notFound('Lesson', input.lessonId);
    if (input.questId && !quest) throw notFound('Quest', input.questId);
    if (input.courseId && !course) throw notFound('Course', input.courseId);
    return {
      courseId: input.courseId ?? lesson?.courseId ?? null,
      lessonId: input.lessonId ?? null,
      questId: input.questId ?? null,
      level: course?.level ?? lesson?.level ?? quest?.level ?? null,
    };
  }

  private async compose(
    viewer: Viewer,
    input: AskInput,
    queryType: QueryType,
    context: Context,
    streamId: string | undefined,
  ): Promise<Composed> {
    const { cache, generation, retrieval, activeWork, templates, streams } = this.deps;
    const key = cacheKey(input.question, { queryType, ...context, provider: generation.configured.provider });
    const [hit, allTemplates, documents] = await Promise.all([cache.get(key), templates.all(), this.deps.db.document.count()]);
    if (hit) {
      const served = hit.documents === documents ? await this.serveFromCache(viewer, key, hit, allTemplates) : undefined;
      if (served) {
        if (streamId) await streams.write(streamId, viewer.userId, served.text);
        return served;
      }
    }

    const chunks = await retrieval.search(input.question, { ...context, preferQuests: queryType === 'EXERCISE_HINT' });
    const guard = await activeWork.stageFor(viewer.userId, scopeOf(context, chunks));
    const template = chooseTemplate(allTemplates, queryType, context.level ?? chunks[0]?.level ?? null);
    const citations = chunks.map((chunk) => citationOf(chunk, Boolean(guard)));
    const prompt = renderPrompt(template.prompt, {
      question: input.question,
      context: chunks
        .map((chunk, index) => `[${index + 1}] ${chunk.heading}\n${guard ? withoutCode(chunk.text) : chunk.text}`)
        .join('\n\n'),
      level: (context.level ?? chunks[0]?.level ?? 'beginner').toLowerCase(),
      guard: guard ? GUARD_INSTRUCTIONS[guard] : 'a hint, not the solution',
    });
    const passages = chunks.map((chunk) => ({
      heading: chunk.heading,
      text: chunk.text,
      kind: chunk.kind,
      hint: guard ? chunk.hint : null,
    }));
    const stream = streamId && !guard ? streams.writer(streamId, viewer.userId) : undefined;
    const generated = await generation.generate({
      prompt,
      extractive: () => composeExtractive(input.question, queryType, passages, guard),
      ...(stream ? { onText: stream.append, onRestart: stream.restart } : {}),
    });
    await stream?.flush();
    // A model's answer under the guard is reviewed as the extractive one is built: no code.
    const text =
      guard && !generated.fallback && generated.provider !== 'extractive'
        ? maskInlineCode(withoutCode(generated.text))
        : generated.text;
    if (streamId && guard) await streams.write(streamId, viewer.userId, text);
    const composed: Composed = {
      ...generated,
      text,
      templateId: template.id,
      templateVersion: template.version,
      citations,
      cached: false,
      guard,
    };
    // Guarded answers depend on the run's stage, fallbacks on a passing failure: neither is kept.
    if (!guard && !generated.fallback) {
      const entry: CachedAnswer = {
        documents,
        text,
        provider: generated.provider,
        model: generated.model,
        templateId: template.id,
        templateVersion: template.version,
        citations,
      };
      await cache.set(key, entry);
    }
    return composed;
  }

  /** A hit is served while its template and every cited document are at the versions it saw, and no guard applies. */
  private async serveFromCache(
    viewer: Viewer,
    key: string,
    hit: CachedAnswer,
    allTemplates: Array<{ id: string; version: number }>,
  ): Promise<Composed | undefined> {
    const { db, cache, activeWork } = this.deps;
    const template = allTemplates.find((each) => each.id === hit.templateId);
    const [documents, active] = await Promise.all([
      db.document.findMany({
        where: { id: { in: hit.citations.map((citation) => citation.documentId) } },
        select: { id: true, version: true },
      }),
      activeWork.inProgress(viewer.userId),
    ]);
    const current = new Map(documents.map((document) => [document.id, document.version]));
    const fresh =
      template?.version === hit.templateVersion &&
      hit.citations.every((citation) => current.get(citation.documentId) === citation.version);
    if (!fresh) {
      await cache.delete(key);
      return undefined;
    }
    // Work in progress may make this question a guarded one: answer it afresh.
    if (active.length) return undefined;
    return {
      text: hit.text,
      provider: hit.provider,
      model: hit.model,
      promptTokens: 0,
      completionTokens: 0,
      fallback: false,
      failure: null,
      templateId: hit.templateId,
      templateVersion: hit.templateVersion,
      citations: hit.citations,
      cached: true,
      guard: null,
    };
  }

  private async save(
    viewer: Viewer,
    input: AskInput,
    answerId: string,
    queryType: QueryType,
    composed: Composed,
    latencyMs: number,
    context: Context,
  ): Promise<Answer> {
    const { db, events } = this.deps;
    try {
      return await events.transaction(db, async (tx) => {
        const conversation = input.conversationId
          ? await tx.conversation.update({ where: { id: input.conversationId }, data: { updatedAt: new Date() } })
          : await tx.conversation.create({ data: { userId: viewer.userId, title: titleOf(input.question) } });
        const answer = await tx.answer.create({
          data: {
            id: answerId,
            conversationId: conversation.id,
            userId: viewer.userId,
            question: input.question,
            answer: composed.text,
            queryType,
            citations: composed.citations as never,
            provider: composed.provider,
            model: composed.model,
            cached: composed.cached,
            fallback: composed.fallback,
            failure: composed.failure,
            guard: composed.guard,
            promptTokens: composed.promptTokens,
            completionTokens: composed.completionTokens,
            latencyMs,
            templateId: composed.templateId,
            templateVersion: composed.templateVersion,
          },
        });
        await events.stage(tx, 'RAG_QUERY_PROCESSED', {
          answerId,
          userId: viewer.userId,
          conversationId: conversation.id,
          queryType,
          provider: composed.provider,
          model: composed.model,
          cached: composed.cached,
          fallback: composed.fallback,
          guarded: Boolean(composed.guard),
          latencyMs,
          citationCount: composed.citations.length,
          courseId: context.courseId,
        });
        return answer;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`The answer id ${answerId} is taken`);
      throw error;
    }
  }
}

const titleOf = (question: string) => {
  const flat = question.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79).trimEnd()}\u2026` : flat;
};

function scopeOf(context: Context, chunks: RetrievedChunk[]) {
  return {
    ...context,
    citedQuestIds: chunks.filter((chunk) => chunk.kind === 'QUEST').map((chunk) => chunk.sourceId),
    citedLessonIds: chunks.filter((chunk) => chunk.kind === 'LESSON').map((chunk) => chunk.sourceId),
  };
}
