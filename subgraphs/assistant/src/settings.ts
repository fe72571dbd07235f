/**
 * The assistant's own settings. With none set it answers with the offline extractive provider
 * (the best passages, cited): no model anywhere. OLLAMA_URL or LLM_BASE_URL + LLM_API_KEY add a
 * generating model, tried first, with the extractive provider as the fallback.
 */
import { z } from 'zod';
import { optional, positiveInt, url } from '#platform/env.ts';

export const settings = z
  .object({
    // An Ollama server (its /api/chat and /api/embed), e.g. http://127.0.0.1:11434.
    OLLAMA_URL: optional(url(['http:', 'https:'])).meta({ compose: '${OLLAMA_URL:-}' }),
    OLLAMA_MODEL: z.string().min(1).default('llama3.2'),
    // Embeddings for hybrid retrieval (full text fused with vector similarity); none when unset.
    OLLAMA_EMBED_MODEL: optional(z.string().min(1)),
    // Any OpenAI-compatible endpoint (/chat/completions, /embeddings), e.g. https://api.openai.com/v1.
    LLM_BASE_URL: optional(url(['http:', 'https:'])).meta({ compose: '${LLM_BASE_URL:-}' }),
    LLM_API_KEY: optional(z.string().min(1)).meta({ compose: '${LLM_API_KEY:-}' }),
    LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
    LLM_EMBED_MODEL: optional(z.string().min(1)),
    // How long one model call may take before it is retried once, then replaced by the extractive answer.
    ASSISTANT_TIMEOUT_MS: positiveInt.max(120_000).default(20_000),
    // Questions per user in 24 hours from their first one (staff: ADMIN, INSTRUCTOR, ANALYST are unlimited).
    ASSISTANT_DAILY_QUESTIONS: positiveInt.max(100_000).default(50),
    // How long an answer stays in the cache (lesson changes evict it earlier).
    ASSISTANT_CACHE_TTL_SECONDS: positiveInt.max(30 * 86_400).default(86_400),
  })
  .refine((values) => !values.LLM_BASE_URL || Boolean(values.LLM_API_KEY), {
    message: 'LLM_API_KEY must be set with LLM_BASE_URL',
    path: ['LLM_API_KEY'],
  });

export type AssistantSettings = z.infer<typeof settings>;
