/**
 * The ai-gateway: the configured model first (a deadline per call, one retry), then the offline
 * extractive answer when it fails; what happened is returned for usage.
 */
import type { Logger } from '#platform/logger.ts';
import { ProviderError, type ChatProvider } from '../providers/types.ts';

export const EXTRACTIVE = { provider: 'extractive', model: 'doctorpy-extractive-1' } as const;
const ATTEMPTS = 2;

export interface Generated {
  text: string;
  provider: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** The model failed and the extractive answer was used. */
  fallback: boolean;
  /** Why the model failed (last attempt), when it did. */
  failure: string | null;
}

export interface GenerationRequest {
  prompt: string;
  extractive: () => string;
  /** Streamed pieces; absent when the text must be reviewed before anyone sees it (the guard). */
  onText?: (piece: string) => void;
  /** A failed attempt's pieces are void: the stream starts over. */
  onRestart?: () => void;
}

export class Generation {
  constructor(
    private readonly chat: ChatProvider | undefined,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {}

  get configured(): { provider: string; model: string } {
    return this.chat ? { provider: this.chat.name, model: this.chat.model } : EXTRACTIVE;
  }

  async generate(request: GenerationRequest): Promise<Generated> {
    let failure: string | null = null;
    if (this.chat) {
      for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
        if (attempt > 1) request.onRestart?.();
        try {
          const result = await this.chat.generate(request.prompt, {
            signal: AbortSignal.timeout(this.timeoutMs),
            ...(request.onText ? { onText: request.onText } : {}),
          });
          if (!result.text.trim()) throw new ProviderError('empty answer');
          return { ...result, provider: this.chat.name, model: this.chat.model, fallback: false, failure: null };
        } catch (error) {
          failure = error instanceof ProviderError ? error.reason : 'unexpected error';
          this.log.warn({ err: error, provider: this.chat.name, attempt }, 'model call failed');
        }
      }
      request.onRestart?.();
    }
    const text = request.extractive();
    request.onText?.(text);
    return { text, ...EXTRACTIVE, promptTokens: 0, completionTokens: 0, fallback: Boolean(this.chat), failure };
  }
}
