/** Any OpenAI-compatible endpoint: /chat/completions (server-sent events) and /embeddings. */
import { lines, parseLine, postJson, readJson } from './http.ts';
import { checkedVectors } from './ollama.ts';
import { ProviderError, type ChatProvider, type EmbeddingProvider, type GenerateOptions } from './types.ts';

interface CompletionChunk {
  choices?: Array<{ delta?: { content?: string | null } }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

const endpoint = (baseUrl: string, path: string) => `${baseUrl.replace(/\/+$/, '')}/${path}`;

export class OpenAiChat implements ChatProvider {
  readonly name = 'openai';

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    readonly model: string,
  ) {}

  async generate(prompt: string, { signal, onText }: GenerateOptions) {
    const response = await postJson(
      endpoint(this.baseUrl, 'chat/completions'),
      { model: this.model, messages: [{ role: 'user', content: prompt }], stream: true, stream_options: { include_usage: true } },
      signal,
      { authorization: `Bearer ${this.apiKey}` },
    );
    let text = '';
    let usage: CompletionChunk['usage'];
    for await (const line of lines(response, signal)) {
      if (!line.startsWith('data:')) continue; // comments and event names
      const data = line.slice(5).trim();
      if (data === '[DONE]')
        return { text, promptTokens: usage?.prompt_tokens ?? 0, completionTokens: usage?.completion_tokens ?? 0 };
      const chunk = parseLine<CompletionChunk>(data);
      if (typeof chunk !== 'object' || chunk === null) throw new ProviderError('malformed stream');
      const piece = chunk.choices?.[0]?.delta?.content ?? '';
      if (piece) {
        text += piece;
        onText?.(piece);
      }
      if (chunk.usage) usage = chunk.usage;
    }
    throw new ProviderError('malformed stream: ended before [DONE]');
  }
}

export class OpenAiEmbeddings implements EmbeddingProvider {
  readonly name = 'openai';

  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    readonly embeddingModel: string,
    private readonly timeoutMs: number,
  ) {}

  async embed(texts: string[]): Promise<number[][]> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const response = await postJson(endpoint(this.baseUrl, 'embeddings'), { model: this.embeddingModel, input: texts }, signal, {
      authorization: `Bearer ${this.apiKey}`,
    });
    const body = await readJson<{ data?: Array<{ embedding?: unknown }> }>(response, signal);
    return checkedVectors(Array.isArray(body.data) ? body.data.map((entry) => entry?.embedding) : undefined, texts.length);
  }
}
