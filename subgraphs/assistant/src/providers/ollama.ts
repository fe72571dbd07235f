/** Ollama over its HTTP API: /api/chat (streamed NDJSON) and /api/embed. */
import { lines, parseLine, postJson, readJson } from './http.ts';
import { ProviderError, type ChatProvider, type EmbeddingProvider, type GenerateOptions } from './types.ts';

interface ChatLine {
  message?: { content?: string };
  done?: boolean;
  error?: string;
  prompt_eval_count?: number;
  eval_count?: number;
}

export class OllamaChat implements ChatProvider {
  readonly name = 'ollama';

  constructor(
    private readonly baseUrl: string,
    readonly model: string,
  ) {}

  async generate(prompt: string, { signal, onText }: GenerateOptions) {
    const response = await postJson(
      new URL('/api/chat', this.baseUrl).toString(),
      { model: this.model, messages: [{ role: 'user', content: prompt }], stream: true },
      signal,
    );
    let text = '';
    for await (const line of lines(response, signal)) {
      const chunk = parseLine<ChatLine>(line);
      if (typeof chunk !== 'object' || chunk === null) throw new ProviderError('malformed stream');
      if (chunk.error) throw new ProviderError(`model error: ${chunk.error}`.slice(0, 200));
      const piece = chunk.message?.content ?? '';
      if (piece) {
        text += piece;
        onText?.(piece);
      }
      if (chunk.done) return { text, promptTokens: chunk.prompt_eval_count ?? 0, completionTokens: chunk.eval_count ?? 0 };
    }
    throw new ProviderError('malformed stream: ended before done');
  }
}

export class OllamaEmbeddings implements EmbeddingProvider {
  readonly name = 'ollama';

  constructor(
    private readonly baseUrl: string,
    readonly embeddingModel: string,
    private readonly timeoutMs: number,
  ) {}

  async embed(texts: string[]): Promise<number[][]> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const response = await postJson(
      new URL('/api/embed', this.baseUrl).toString(),
      { model: this.embeddingModel, input: texts },
      signal,
    );
    const body = await readJson<{ embeddings?: unknown }>(response, signal);
    return checkedVectors(body.embeddings, texts.length);
  }
}

export function checkedVectors(vectors: unknown, count: number): number[][] {
  if (
    !Array.isArray(vectors) ||
    vectors.length !== count ||
    !vectors.every((vector) => Array.isArray(vector) && vector.length > 0 && vector.every((value) => typeof value === 'number'))
  )
    throw new ProviderError('malformed embeddings');
  return vectors as number[][];
}
