import { createKeyValueCache, redisKey } from '#platform/cache.ts';
import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { AssistantDb } from '../db.ts';
import { chatProvider, embeddingProvider } from '../providers/index.ts';
import type { AssistantSettings } from '../settings.ts';
import { ActiveWork } from './active-work.ts';
import { AnswerCache } from './answer-cache.ts';
import { AnswerStreams } from './answer-streams.ts';
import { ContentIndex } from './content-index.ts';
import { Conversations } from './conversations.ts';
import { Embeddings } from './embeddings.ts';
import { Generation } from './generation.ts';
import { Quotas } from './quotas.ts';
import { Retrieval } from './retrieval.ts';
import { memoryStreamStore, redisStreamStore } from './stream-store.ts';
import { Templates } from './templates.ts';
import { Tutor } from './tutor.ts';
import { Usage } from './usage.ts';

export const createAssistantServices = ({
  db,
  sql,
  runtime,
  settings,
  logger,
  events,
}: SubgraphDeps<AssistantDb, AssistantSettings>) => {
  const log = logger.child({ component: 'assistant' });
  const embedder = embeddingProvider(settings);
  const redis = runtime.redis();
  const conversations = new Conversations(db);
  const templates = new Templates(db);
  const activeWork = new ActiveWork(db);
  const streams = new AnswerStreams(
    redis ? redisStreamStore(redis, redisKey(runtime, 'assistant:stream:')) : memoryStreamStore(),
    events,
    db,
  );
  const tutor = new Tutor({
    db,
    events,
    log,
    quotas: new Quotas(runtime, settings.ASSISTANT_DAILY_QUESTIONS),
    retrieval: new Retrieval(db, sql.schema, embedder, log),
    generation: new Generation(chatProvider(settings), settings.ASSISTANT_TIMEOUT_MS, log),
    cache: new AnswerCache(createKeyValueCache(runtime, 'assistant-answers'), settings.ASSISTANT_CACHE_TTL_SECONDS),
    templates,
    activeWork,
    conversations,
    streams,
  });
  return {
    tutor,
    conversations,
    templates,
    activeWork,
    streams,
    index: new ContentIndex(db, sql.schema),
    embeddings: new Embeddings(db, embedder, log),
    usage: new Usage(db, sql.schema),
  };
};

export type AssistantServices = ReturnType<typeof createAssistantServices>;
