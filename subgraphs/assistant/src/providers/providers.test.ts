/** The providers and the fallback chain against a local server speaking Ollama's and OpenAI's HTTP APIs. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '#platform/logger.ts';
import { startModelServer, type ModelServer } from '../../test/model-server.ts';
import { Generation } from '../services/generation.ts';
import { OllamaChat, OllamaEmbeddings } from './ollama.ts';
import { OpenAiChat, OpenAiEmbeddings } from './openai.ts';
import type { ChatProvider } from './types.ts';

let server: ModelServer;
const log = createLogger({ LOG_LEVEL: 'silent', NODE_ENV: 'test' }, 'assistant-test');
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.mode = 'ok';
  server.reply = 'Use enumerate [1].';
});

const providers = (): ChatProvider[] => [
  new OllamaChat(server.url, 'llama3.2'),
  new OpenAiChat(`${server.url}/v1`, 'sk-test', 'gpt-test'),
];

describe.each(['ollama', 'openai'])('%s', (name) => {
  const provider = () => providers().find((each) => each.name === name)!;

  it('streams the answer in pieces and counts tokens', async () => {
    const pieces: string[] = [];
    const result = await provider().generate('Q', { signal: AbortSignal.timeout(2_000), onText: (piece) => pieces.push(piece) });
    expect(result).toEqual({ text: 'Use enumerate [1].', promptTokens: 120, completionTokens: 30 });
    expect(pieces.length).toBe(3);
    expect(pieces.join('')).toBe('Use enumerate [1].');
  });

  it.each([
    ['hang', 'timeout'],
    ['error-500', 'HTTP 500'],
    ['malformed', 'malformed stream'],
    ['cut', 'malformed stream: ended before'],
  ] as const)('turns %s into a ProviderError (%s)', async (mode, reason) => {
    server.mode = mode;
    await expect(provider().generate('Q', { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({
      name: 'ProviderError',
      reason: expect.stringContaining(reason),
    });
  });
});

describe('embeddings', () => {
  it('embeds texts with Ollama and OpenAI alike', async () => {
    const ollama = await new OllamaEmbeddings(server.url, 'nomic-embed-text', 2_000).embed(['for loops', 'dict keys']);
    const openai = await new OpenAiEmbeddings(`${server.url}/v1`, 'sk-test', 'text-embedding-3-small', 2_000).embed([
      'for loops',
      'dict keys',
    ]);
    expect(ollama).toEqual(openai);
    expect(ollama).toHaveLength(2);
    expect(ollama[0]).toHaveLength(512);
  });

  it('refuses an unreachable server with a reason', async () => {
    await expect(new OllamaEmbeddings('http://127.0.0.1:9', 'm', 500).embed(['x'])).rejects.toMatchObject({
      reason: expect.stringMatching(/unreachable|timeout/),
    });
  });
});

describe('Generation (the ai-gateway)', () => {
  const extractive = () => 'extractive answer';

  it('answers with the model when it works', async () => {
    const result = await new Generation(new OllamaChat(server.url, 'llama3.2'), 1_000, log).generate({ prompt: 'Q', extractive });
    expect(result).toMatchObject({
      provider: 'ollama',
      model: 'llama3.2',
      text: 'Use enumerate [1].',
      fallback: false,
      failure: null,
    });
  });

  it('retries once, then falls back to the extractive answer with the reason', async () => {
    server.mode = 'error-500';
    const before = server.chats.length;
    const restarts: string[] = [];
    const result = await new Generation(new OllamaChat(server.url, 'llama3.2'), 1_000, log).generate({
      prompt: 'Q',
      extractive,
      onText: () => undefined,
      onRestart: () => restarts.push('restart'),
    });
    expect(server.chats.length - before).toBe(2);
    expect(restarts.length).toBe(2);
    expect(result).toMatchObject({ provider: 'extractive', text: 'extractive answer', fallback: true, failure: 'HTTP 500' });
  });

  it('succeeds on the retry after one failure', async () => {
    server.mode = 'fail-once';
    const result = await new Generation(new OllamaChat(server.url, 'llama3.2'), 1_000, log).generate({ prompt: 'Q', extractive });
    expect(result).toMatchObject({ provider: 'ollama', fallback: false });
  });

  it('gives up on a hanging model within two deadlines', async () => {
    server.mode = 'hang';
    const started = performance.now();
    const result = await new Generation(new OllamaChat(server.url, 'llama3.2'), 200, log).generate({ prompt: 'Q', extractive });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(result).toMatchObject({ fallback: true, failure: 'timeout' });
  });

  it('is the extractive provider alone when no model is configured', async () => {
    const result = await new Generation(undefined, 1_000, log).generate({ prompt: 'Q', extractive });
    expect(result).toMatchObject({ provider: 'extractive', fallback: false, failure: null });
  });
});
