/**
 * How the gateway calls subgraphs (@apollo/gateway's GraphQLDataSource): forwards the caller's
 * token, request id, address and Accept-Language; signs the call (subgraphs answer the gateway
 * only, see platform/graphql/gateway-signature.ts); bounds each call with a timeout; turns "could
 * not reach the subgraph" into a coded error so the rest of the response still arrives (partial
 * data); hands over a subgraph's coded errors whatever the HTTP status they came with; narrows the
 * response's cache policy by the subgraph's Cache-Control, as RemoteGraphQLDataSource does.
 *
 * Written against the interface rather than by extending RemoteGraphQLDataSource, which builds
 * node-fetch Headers and a Request per call that nothing reads: see subgraph-client.ts for the
 * transport.
 */
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { AppError, ErrorCode } from '#platform/errors.ts';
import { SIGNATURE_HEADER, signGatewayRequest } from '#platform/graphql/gateway-signature.ts';
import type { Logger } from '#platform/logger.ts';
import type { GatewayContext } from './context.ts';
import { SubgraphClient, type SubgraphAnswer } from './subgraph-client.ts';

/** Subgraph fetches of a query plan are `query ...` (or `{ ... }`) unless they carry a mutation. */
const isQuery = (operation: string) => /^\s*(query\b|\{)/.test(operation);

const isJson = (answer: SubgraphAnswer) => /^application\/(graphql-response\+)?json/.test(answer.headers['content-type'] ?? '');

/** `max-age=60, public` → the hint @apollo/server's cache policy takes. */
function cacheHint(header: string | undefined): { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } {
  const hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } = { maxAge: 0 };
  for (const directive of (header ?? '').split(',')) {
    const [name, value] = directive.trim().toLowerCase().split('=');
    if (name === 'max-age' && value && /^\d+$/.test(value)) hint.maxAge = Number(value);
    if (name === 'private') hint.scope = 'PRIVATE';
    if (name === 'public') hint.scope = 'PUBLIC';
  }
  return hint;
}

export class SubgraphSource implements GraphQLDataSource<GatewayContext> {
  private readonly client: SubgraphClient;

  constructor(
    readonly name: string,
    readonly url: string,
    timeoutMs: number,
    private readonly logger: Logger,
    private readonly secret: string,
  ) {
    this.client = new SubgraphClient(url, timeoutMs);
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const context = options.context as Partial<GatewayContext>;
    const body = JSON.stringify({
      query: request.query,
      variables: request.variables,
      operationName: request.operationName,
      extensions: request.extensions,
    });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const [name, value] of request.http?.headers ?? []) headers[name] = value;
    if (context.requestId) headers['x-request-id'] = context.requestId;
    if (context.authorization) headers.authorization = context.authorization;
    if (context.clientAddress) headers['x-client-address'] = context.clientAddress;
    if (context.acceptLanguage) headers['accept-language'] = context.acceptLanguage;
    headers[SIGNATURE_HEADER] = signGatewayRequest(this.secret, {
      body,
      requestId: context.requestId,
      authorization: context.authorization,
      clientAddress: context.clientAddress,
    });

    const answer = await this.call(body, headers, context, isQuery(request.query));
    const response = this.result(answer);
    // Only an incoming operation has a response policy (not health checks or schema loads).
    const policy = 'incomingRequestContext' in options ? options.incomingRequestContext.overallCachePolicy : undefined;
    if (policy && 'restrict' in policy) policy.restrict(cacheHint(answer.headers['cache-control'] as string | undefined));
    return response;
  }

  close(): void {
    this.client.close();
  }

  private async call(
    body: string,
    headers: Record<string, string>,
    context: Partial<GatewayContext>,
    query: boolean,
  ): Promise<SubgraphAnswer> {
    const call = {
      body,
      headers,
      identity: `${context.authorization ?? ''}\n${context.clientAddress ?? ''}\n${context.acceptLanguage ?? ''}`,
      shareable: query,
    };
    try {
      return await this.client.call(call).catch((error: unknown) => {
        // A pooled connection the subgraph closed at that very moment: a query is safe to send again.
        if ((error as Error).name === 'TimeoutError' || !query) throw error;
        return this.client.call(call);
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      this.logger.warn({ err: error, subgraph: this.name }, 'subgraph fetch failed');
      throw new AppError(
        ErrorCode.SUBGRAPH_UNAVAILABLE,
        timedOut ? `The ${this.name} service did not answer in time` : `The ${this.name} service is unavailable`,
        { serviceName: this.name },
      );
    }
  }

  /**
   * A subgraph answers some coded errors with their HTTP status (429 RATE_LIMITED, 503
   * SERVICE_UNAVAILABLE, 401): a GraphQL body is read as the result it is, so its codes,
   * retryAfterSeconds, paths and partial data reach the client (the gateway then sets its own
   * status). Anything else that is not a 2xx JSON answer is an error, as RemoteGraphQLDataSource
   * reports it.
   */
  private result(answer: SubgraphAnswer): GatewayGraphQLResponse {
    const ok = answer.status >= 200 && answer.status < 300;
    const body: unknown = isJson(answer) ? parseOrText(answer.text) : answer.text;
    const isResult = typeof body === 'object' && body !== null && !Array.isArray(body);
    if (isResult && (ok || Array.isArray((body as GatewayGraphQLResponse).errors))) return body as GatewayGraphQLResponse;
    if (ok) throw new Error(`Expected JSON response body, but received: ${answer.text}`);
    const code = answer.status === 401 ? 'UNAUTHENTICATED' : answer.status === 403 ? 'FORBIDDEN' : undefined;
    throw new GraphQLError(`${answer.status}: ${answer.statusText}`, {
      extensions: {
        response: { url: this.url, status: answer.status, statusText: answer.statusText, body },
        ...(code ? { code } : {}),
      },
    });
  }
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
