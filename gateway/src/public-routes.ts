/**
 * HTTP paths that subgraphs serve to the outside through the gateway's host, as declared in
 * rover.yaml (`public_paths`): a payment provider's webhooks, a checkout page. The request is
 * streamed to the subgraph untouched (raw body and headers: a webhook's signature covers the exact
 * bytes) and the answer streamed back. The subgraph authenticates these requests itself (e.g. a
 * webhook signature): the gateway adds no signature of its own and strips any a client sent.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Express, RequestHandler } from 'express';
import { ErrorCode } from '#platform/errors.ts';
import { sendGraphQLError } from '#platform/http.ts';
import { SIGNATURE_HEADER } from '#platform/graphql/gateway-signature.ts';
import type { Logger } from '#platform/logger.ts';

export interface PublicRoute {
  /** e.g. /webhooks/stripe: that path and everything under it. */
  path: string;
  subgraph: string;
  /** Any URL of the subgraph (its /graphql routing URL): only its origin is used. */
  url: string;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  SIGNATURE_HEADER,
  'x-client-address',
]);

const forwardable = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name)));

function forwardTo(
  route: PublicRoute,
  timeoutMs: number,
  logger: Logger,
  clientAddress: (req: Parameters<RequestHandler>[0]) => string | undefined,
): RequestHandler {
  const origin = new URL(route.url).origin;
  return (req, res) => {
    const target = new URL(req.originalUrl, origin);
    const address = clientAddress(req);
    const upstream = httpRequest(
      target,
      {
        method: req.method,
        headers: {
          ...forwardable(req.headers),
          'x-request-id': req.requestId,
          ...(address ? { 'x-client-address': address } : {}),
        },
        timeout: timeoutMs,
      },
      (answer) => {
        res.status(answer.statusCode ?? 502);
        for (const [name, value] of Object.entries(answer.headers))
          if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'x-request-id') res.setHeader(name, value);
        answer.pipe(res);
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    upstream.on('error', (error) => {
      logger.warn({ err: error, subgraph: route.subgraph, path: route.path, requestId: req.requestId }, 'public route failed');
      if (!res.headersSent) sendGraphQLError(res, 502, ErrorCode.SUBGRAPH_UNAVAILABLE, `${route.subgraph} is not answering`);
      else res.destroy();
    });
    req.pipe(upstream);
  };
}

export function mountPublicRoutes(
  app: Express,
  routes: readonly PublicRoute[],
  options: { timeoutMs: number; logger: Logger; clientAddress: (req: Parameters<RequestHandler>[0]) => string | undefined },
): void {
  for (const route of routes) app.use(route.path, forwardTo(route, options.timeoutMs, options.logger, options.clientAddress));
}
