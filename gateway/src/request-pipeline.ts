/**
 * How an operation becomes a gateway request, whichever transport brought it (an HTTP request or
 * a graphql-ws message): the one place that builds the GatewayContext. It verifies the token,
 * counts the per-client rate limit, and carries the request id and the client's address
 * (TRUST_PROXY honoured the way express computes req.ip). Both transports then run the operation
 * through Apollo's own pipeline, so query limits (parse options, validation rules), metrics and
 * logging (plugins) are the same too.
 */
import type { IncomingMessage } from 'node:http';
import type { Express } from 'express';
import { authenticateRequest, type TokenVerifier } from '#platform/auth/tokens.ts';
import type { Logger } from '#platform/logger.ts';
import { runWithCorrelation } from '#platform/request-context.ts';
import type { Runtime } from '#platform/runtime.ts';
import type { GatewayContext } from './context.ts';
import { requestRateLimit } from './limits.ts';

export interface OperationOrigin {
  transport: 'http' | 'ws';
  requestId: string;
  /** The Authorization header (HTTP) or the token given in connection_init (ws). */
  authorization: string | undefined;
  clientAddress: string | undefined;
  acceptLanguage?: string;
}

export interface RequestPipeline {
  /** The client's address behind `request`: the peer, or the x-forwarded-for client under TRUST_PROXY. */
  clientAddress(request: IncomingMessage): string | undefined;
  /** A client's operation: token verified (UNAUTHENTICATED), rate limit counted (RATE_LIMITED). */
  admit(origin: OperationOrigin): Promise<GatewayContext>;
  /** Work done for an operation admitted earlier (a subscription's deliveries): token verified again, not counted. */
  followUp(origin: OperationOrigin): Promise<GatewayContext>;
  /** Runs `work` as the request, so what it calls shares its correlation id (as HTTP requests do). */
  run<T>(context: GatewayContext, work: () => T): T;
}

/**
 * express's own req.ip for a request that never went through express (a WebSocket upgrade): the
 * getter reads the app's compiled `trust proxy` setting, the headers and the socket.
 */
function expressClientAddress(app: Express, request: IncomingMessage): string | undefined {
  const view = Object.create(app.request, {
    headers: { value: request.headers },
    socket: { value: request.socket },
  }) as { ip: string | undefined };
  return view.ip;
}

export function createRequestPipeline(
  runtime: Runtime,
  options: { app: Express; verifier: TokenVerifier; logger: Logger },
): RequestPipeline {
  const rateLimit = requestRateLimit(runtime, runtime.env);
  const contextOf = async (origin: OperationOrigin, counted: boolean): Promise<GatewayContext> => {
    const viewer = await authenticateRequest(origin.authorization, options.verifier);
    if (counted) await rateLimit(viewer, origin.clientAddress);
    return {
      requestId: origin.requestId,
      authorization: origin.authorization,
      viewer,
      clientAddress: origin.clientAddress,
      acceptLanguage: origin.acceptLanguage,
      log: options.logger.child({ requestId: origin.requestId, transport: origin.transport }),
    };
  };
  return {
    clientAddress: (request) => expressClientAddress(options.app, request),
    admit: (origin) => contextOf(origin, true),
    followUp: (origin) => contextOf(origin, false),
    run: (context, work) => runWithCorrelation(context.requestId, work),
  };
}
