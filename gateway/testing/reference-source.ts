/**
 * The reference the differential test holds the gateway to: @apollo/gateway's own
 * RemoteGraphQLDataSource on global fetch, with only what a DoctorPy subgraph needs to answer
 * (forwarded token, request id, address and language; the gateway signature) and the platform's
 * one deliberate difference from bare @apollo/gateway: an unreachable subgraph is the coded
 * SUBGRAPH_UNAVAILABLE error, not the HTTP client's message. No pooling, no sharing of calls.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { AppError, ErrorCode } from '#platform/errors.ts';
import { SIGNATURE_HEADER, signGatewayRequest } from '#platform/graphql/gateway-signature.ts';
import type { Logger } from '#platform/logger.ts';
import type { GatewayContext } from '../src/context.ts';

/**
 * A subgraph answers some coded errors with their HTTP status (429 RATE_LIMITED, 503
 * SERVICE_UNAVAILABLE, 401). RemoteGraphQLDataSource would turn any non-2xx into "429: Too Many
 * Requests" without the code; a GraphQL body is read as the result it is instead, so its codes,
 * retryAfterSeconds, paths and partial data reach the client (the gateway then sets its own status).
 */
async function asGraphQLResult(response: Response): Promise<Response> {
  const type = response.headers.get('content-type') ?? '';
  if (response.ok || !/^application\/(graphql-response\+)?json/.test(type)) return response;
  const body = await response.text();
  const looksLikeResult = /^\s*\{[\s\S]*"errors"\s*:\s*\[/.test(body);
  return new Response(body, { status: looksLikeResult ? 200 : response.status, headers: response.headers });
}

/** Subgraph fetches of a query plan are `query ...` (or `{ ... }`) unless they carry a mutation. */
const isQuery = (body: unknown) => typeof body === 'string' && /^\{\s*"query"\s*:\s*"\s*(query\b|\{)/.test(body);

/** RemoteGraphQLDataSource hands its fetcher the final body (a string) and headers (a plain object). */
function signed(secret: string, init: RequestInit): RequestInit {
  const headers = init.headers as Record<string, string>;
  const signature = signGatewayRequest(secret, {
    body: String(init.body ?? ''),
    requestId: headers['x-request-id'],
    authorization: headers.authorization,
    clientAddress: headers['x-client-address'],
  });
  return { ...init, headers: { ...headers, [SIGNATURE_HEADER]: signature } };
}

export class ReferenceSubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly name: string,
    url: string,
    timeoutMs: number,
    logger: Logger,
    secret: string,
  ) {
    const attempt = (input: string, init: RequestInit) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }).then(asGraphQLResult);
    const fetcher = (async (input: string, unsigned: RequestInit) => {
      const init = signed(secret, unsigned);
      try {
        return await attempt(input, init).catch((error: unknown) => {
          // A pooled connection the subgraph closed at that very moment: a query is safe to send again.
          if ((error as Error).name === 'TimeoutError' || !isQuery(init.body)) throw error;
          return attempt(input, init);
        });
      } catch (error) {
        const timedOut = (error as Error).name === 'TimeoutError';
        logger.warn({ err: error, cause: (error as Error).cause, subgraph: name }, 'subgraph fetch failed');
        throw new AppError(
          ErrorCode.SUBGRAPH_UNAVAILABLE,
          timedOut ? `The ${name} service did not answer in time` : `The ${name} service is unavailable`,
          { serviceName: name },
        );
      }
    }) as unknown as Fetcher;
    super({ url, fetcher });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !('requestId' in context)) return;
    headers.set('x-request-id', context.requestId);
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.clientAddress) headers.set('x-client-address', context.clientAddress);
    if (context.acceptLanguage) headers.set('accept-language', context.acceptLanguage);
  }
}
