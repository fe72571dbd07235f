/**
 * The HTTP client the gateway calls subgraphs with: node:http on a keep-alive connection pool per
 * subgraph, bodies read as one string. Global fetch (undici) costs a web stream, an abort signal
 * and a Response per call; a query plan makes a dozen calls per request, and that client was the
 * largest part of the gateway's CPU and garbage in bench:federation.
 *
 * Identical queries in flight at the same time (same subgraph, body and forwarded identity: token,
 * client address, language) share one call: the later ones wait for the first's answer. Each
 * caller parses the shared text itself: @apollo/gateway merges fetched objects into its result in
 * place, so two requests must never hold the same objects. Mutations are never shared.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface SubgraphAnswer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  text: string;
}

export class SubgraphTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

export interface SubgraphCall {
  body: string;
  headers: Record<string, string>;
  /** The forwarded identity the answer depends on (token, client address, language). */
  identity: string;
  /** Queries only: a mutation's effects must happen once per call. */
  shareable: boolean;
}

export class SubgraphClient {
  private readonly url: URL;
  private readonly agent: Agent;
  private readonly send: typeof httpRequest;
  private readonly inFlight = new Map<string, Promise<SubgraphAnswer>>();

  constructor(
    url: string,
    private readonly timeoutMs: number,
  ) {
    this.url = new URL(url);
    const https = this.url.protocol === 'https:';
    // LIFO keeps the busiest few connections warm instead of spreading calls over every socket.
    const options = { keepAlive: true, keepAliveMsecs: 10_000, maxSockets: 256, scheduling: 'lifo' as const };
    this.agent = https ? new HttpsAgent(options) : new Agent(options);
    this.send = https ? (httpsRequest as typeof httpRequest) : httpRequest;
  }

  call(call: SubgraphCall): Promise<SubgraphAnswer> {
    if (!call.shareable) return this.post(call);
    const key = `${call.identity}\n${call.body}`;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const answer = this.post(call).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, answer);
    return answer;
  }

  /** In-flight shared calls, for tests. */
  get sharedCallsInFlight(): number {
    return this.inFlight.size;
  }

  close(): void {
    this.agent.destroy();
  }

  private post({ body, headers }: SubgraphCall): Promise<SubgraphAnswer> {
    return new Promise((resolve, reject) => {
      const req = this.send(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.setEncoding('utf8');
          let text = '';
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, text });
          });
          res.on('error', fail);
          res.on('close', () => {
            if (!res.complete) fail(new Error('the subgraph closed the connection in the middle of its answer'));
          });
        },
      );
      const timer = setTimeout(
        () => req.destroy(new SubgraphTimeoutError(`no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      function fail(error: Error) {
        clearTimeout(timer);
        reject(error);
      }
      req.on('error', fail);
      req.end(body);
    });
  }
}
