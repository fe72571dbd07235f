/** What the assistant asks of a model provider (the ai-gateway's side of it). */
export interface Generation {
  text: string;
  promptTokens: number;
  completionTokens: number;
}

export interface GenerateOptions {
  signal: AbortSignal;
  /** Called with each piece of text as the model streams it. */
  onText?: (piece: string) => void;
}

export interface ChatProvider {
  /** ollama or openai. */
  name: string;
  model: string;
  generate(prompt: string, options: GenerateOptions): Promise<Generation>;
}

export interface EmbeddingProvider {
  name: string;
  embeddingModel: string;
  embed(texts: string[]): Promise<number[][]>;
}

/** A provider call that failed in a way worth retrying or falling back from; `reason` is recorded in usage. */
export class ProviderError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ProviderError';
  }
}
