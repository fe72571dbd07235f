/**
 * A local HTTP server speaking the parts of Ollama's API the assistant uses (/api/chat streamed as
 * NDJSON, /api/embed) and of the OpenAI API (/v1/chat/completions as server-sent events,
 * /v1/embeddings), with a failure mode chosen by the test: a hang, HTTP 500, a malformed stream,
 * a stream cut before its end, or one failure then success.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode = 'ok' | 'hang' | 'error-500' | 'malformed' | 'cut' | 'fail-once';

export interface ModelServer {
  url: string;
  mode: Mode;
  /** The text the model answers (streamed in three pieces). */
  reply: string;
  /** Chat requests received (their bodies), embeddings requests apart. */
  readonly chats: Array<{ model: string; prompt: string }>;
  readonly embeddings: number;
  close(): Promise<void>;
}

const DIMENSIONS = 512;
/** Words every passage shares: left out, as a real embedding model would weigh them little. */
const COMMON = new Set('the and for with what how does you your this that are python code from into when'.split(' '));

/** A bag-of-words vector: texts sharing words are close, enough to test hybrid retrieval. */
export function embedText(text: string): number[] {
  const vector = Array.from({ length: DIMENSIONS }, () => 0);
  for (const word of text.toLowerCase().match(/[a-z_]{3,}/g) ?? []) {
    if (COMMON.has(word)) continue;
    let hash = 0;
    for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
    vector[hash % DIMENSIONS]! += 1;
  }
  return vector;
}

const readBody = async (request: IncomingMessage) => {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as Record<string, unknown>;
};

export async function startModelServer(): Promise<ModelServer> {
  const chats: ModelServer['chats'] = [];
  let embeddings = 0;
  let failedOnce = false;
  const hanging = new Set<ServerResponse>();

  const state: ModelServer = {
    url: '',
    mode: 'ok',
    reply: 'A closure is a function that remembers the variables around it [1].',
    chats,
    get embeddings() {
      return embeddings;
    },
    close: async () => {
      for (const response of hanging) response.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const pieces = () => {
    const third = Math.ceil(state.reply.length / 3);
    return [state.reply.slice(0, third), state.reply.slice(third, 2 * third), state.reply.slice(2 * third)];
  };

  const failure = (response: ServerResponse): boolean => {
    const mode = state.mode === 'fail-once' ? (failedOnce ? 'ok' : 'error-500') : state.mode;
    if (state.mode === 'fail-once') failedOnce = true;
    if (mode === 'hang') {
      hanging.add(response);
      response.on('close', () => hanging.delete(response));
      return true;
    }
    if (mode === 'error-500') {
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"model crashed"}');
      return true;
    }
    return false;
  };

  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const prompt = String((body.messages as Array<{ content: string }> | undefined)?.[0]?.content ?? '');
    if (request.url === '/api/embed' || request.url === '/v1/embeddings') {
      embeddings += 1;
      const input = (Array.isArray(body.input) ? body.input : [body.input]) as string[];
      const vectors = input.map(embedText);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          request.url === '/api/embed' ? { embeddings: vectors } : { data: vectors.map((embedding) => ({ embedding })) },
        ),
      );
      return;
    }
    if (request.url !== '/api/chat' && request.url !== '/v1/chat/completions') {
      response.writeHead(404).end();
      return;
    }
    chats.push({ model: String(body.model), prompt });
    if (failure(response)) return;
    const openai = request.url === '/v1/chat/completions';
    response.writeHead(200, { 'content-type': openai ? 'text/event-stream' : 'application/x-ndjson' });
    const [first, second, third] = pieces();
    const line = (piece: string) =>
      openai
        ? `data: ${JSON.stringify({ choices: [{ delta: { content: piece } }] })}\n\n`
        : `${JSON.stringify({ message: { role: 'assistant', content: piece }, done: false })}\n`;
    response.write(line(first!));
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (state.mode === 'malformed') {
      response.end(openai ? 'data: {"choices": [{"delta": \n\n' : '{"message": {"content": "broken\n');
      return;
    }
    response.write(line(second!));
    if (state.mode === 'cut') {
      response.end();
      return;
    }
    response.write(line(third!));
    response.end(
      openai
        ? `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 120, completion_tokens: 30 } })}\n\ndata: [DONE]\n\n`
        : `${JSON.stringify({ message: { role: 'assistant', content: '' }, done: true, prompt_eval_count: 120, eval_count: 30 })}\n`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
