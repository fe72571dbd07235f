/**
 * The providers' HTTP: plain fetch (Node's own), a deadline per call, and streamed bodies read
 * line by line. Every failure becomes a ProviderError with a short reason for usage.
 */
import { ProviderError } from './types.ts';

export async function postJson(url: string, body: unknown, signal: AbortSignal, headers: Record<string, string> = {}) {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    throw failure(error, signal);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new ProviderError(`HTTP ${response.status}`);
  }
  return response;
}

/** The body's lines as they arrive; a timeout or a cut connection becomes a ProviderError. */
export async function* lines(response: Response, signal: AbortSignal): AsyncGenerator<string> {
  if (!response.body) throw new ProviderError('empty body');
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(bytes, { stream: true });
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) yield line;
        newline = buffered.indexOf('\n');
      }
    }
  } catch (error) {
    throw failure(error, signal);
  }
  const rest = (buffered + decoder.decode()).trim();
  if (rest) yield rest;
}

export async function readJson<T>(response: Response, signal: AbortSignal): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch (error) {
    if (signal.aborted) throw failure(error, signal);
    throw new ProviderError('malformed response');
  }
}

export function parseLine<T>(line: string): T {
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new ProviderError('malformed stream');
  }
}

function failure(error: unknown, signal: AbortSignal): ProviderError {
  if (error instanceof ProviderError) return error;
  if (signal.aborted) return new ProviderError('timeout');
  return new ProviderError(`unreachable: ${(error as Error).message ?? String(error)}`.slice(0, 200));
}
