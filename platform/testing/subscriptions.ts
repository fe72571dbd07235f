/** A graphql-ws client for tests: subscribe through the gateway and await what arrives. */
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import type { GraphQLResponse } from '../graphql/client.ts';

export interface TestSubscription<Data> {
  /** Every result received so far. */
  readonly results: Array<Omit<GraphQLResponse<Data>, 'status'>>;
  /** The next result not yet taken by `next` (waits up to `timeoutMs`). */
  next(timeoutMs?: number): Promise<Omit<GraphQLResponse<Data>, 'status'>>;
  /** Resolves when the server ended the subscription (complete or error) or the socket closed. */
  readonly ended: Promise<{ error?: unknown }>;
  close(): Promise<void>;
}

export function connect(url: string, token?: string): Client {
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
}

export function subscribe<Data = Record<string, unknown>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): TestSubscription<Data> {
  const results: Array<Omit<GraphQLResponse<Data>, 'status'>> = [];
  let taken = 0;
  const waiters: Array<() => void> = [];
  const outcome: { finish?: (result: { error?: unknown }) => void } = {};
  const ended = new Promise<{ error?: unknown }>((resolve) => (outcome.finish = resolve));
  const dispose = client.subscribe<Data>(
    { query, variables },
    {
      next: (result) => {
        results.push(result as Omit<GraphQLResponse<Data>, 'status'>);
        waiters.splice(0).forEach((wake) => wake());
      },
      error: (error) => outcome.finish?.({ error }),
      complete: () => outcome.finish?.({}),
    },
  );
  return {
    results,
    ended,
    async next(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (results.length <= taken) {
        if (Date.now() > deadline) throw new Error(`no subscription result within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return results[taken++]!;
    },
    async close() {
      dispose();
    },
  };
}
