/** The providers the settings configure: a generating model (Ollama, else OpenAI-compatible) and embeddings. */
import type { AssistantSettings } from '../settings.ts';
import { OllamaChat, OllamaEmbeddings } from './ollama.ts';
import { OpenAiChat, OpenAiEmbeddings } from './openai.ts';
import type { ChatProvider, EmbeddingProvider } from './types.ts';

export function chatProvider(settings: AssistantSettings): ChatProvider | undefined {
  if (settings.OLLAMA_URL) return new OllamaChat(settings.OLLAMA_URL, settings.OLLAMA_MODEL);
  if (settings.LLM_BASE_URL && settings.LLM_API_KEY)
    return new OpenAiChat(settings.LLM_BASE_URL, settings.LLM_API_KEY, settings.LLM_MODEL);
  return undefined;
}

export function embeddingProvider(settings: AssistantSettings): EmbeddingProvider | undefined {
  const timeout = settings.ASSISTANT_TIMEOUT_MS;
  if (settings.OLLAMA_URL && settings.OLLAMA_EMBED_MODEL)
    return new OllamaEmbeddings(settings.OLLAMA_URL, settings.OLLAMA_EMBED_MODEL, timeout);
  if (settings.LLM_BASE_URL && settings.LLM_API_KEY && settings.LLM_EMBED_MODEL)
    return new OpenAiEmbeddings(settings.LLM_BASE_URL, settings.LLM_API_KEY, settings.LLM_EMBED_MODEL, timeout);
  return undefined;
}
