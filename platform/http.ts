/**
 * The HTTP shell every server shares: request ids, health and metrics endpoints, a JSON body
 * parser whose failures are GraphQL-shaped coded errors rather than HTML error pages.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Response } from 'express';
import { ErrorCode } from './errors.ts';
import { bodyDigest, headerRefusal, SIGNATURE_HEADER, signatureRefusal, type Refusal } from './graphql/gateway-signature.ts';
import type { Logger } from './logger.ts';
import type { ServiceMetrics } from './metrics.ts';
import { runWithCorrelation } from './request-context.ts';

export type ReadinessCheck = () => Promise<void>;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** From `x-request-id` when the caller sent a sane one, fresh otherwise; echoed in the response. */
      requestId: string;
      /** SHA-256 (hex) of the raw JSON body, when its parser was asked to keep it (gateway signatures). */
      bodyDigest?: string;
    }
  }
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;
/** A probe must answer in time even when a dependency hangs. */
const READINESS_TIMEOUT_MS = 2_000;

export function sendGraphQLError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code, requestId: res.getHeader('x-request-id') } }] });
}

export function createHttpApp(options: {
  logger: Logger;
  metrics: ServiceMetrics;
  readiness: Record<string, ReadinessCheck>;
  /** Reported by /health/ready without affecting readiness (e.g. the event bus: the outbox covers its outages). */
  status?: Record<string, () => string>;
  trustProxy: boolean;
}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);

  app.use((req, res, next) => {
    const incoming = req.header('x-request-id');
    const id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.requestId = id;
    res.setHeader('x-request-id', id);
    runWithCorrelation(id, next);
  });

  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req, res) => {
    const checks: Record<string, string> = {};
    let ready = true;
    for (const [name, check] of Object.entries(options.readiness)) {
      try {
        await Promise.race([
          check(),
          sleep(READINESS_TIMEOUT_MS).then(() => Promise.reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`))),
        ]);
        checks[name] = 'ok';
      } catch (error) {
        ready = false;
        checks[name] = (error as Error).message;
      }
    }
    const status = Object.fromEntries(Object.entries(options.status ?? {}).map(([name, read]) => [name, read()]));
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ok' : 'unavailable', checks, ...(options.status ? { info: status } : {}) });
  });
  app.get('/metrics', async (_req, res) => {
    const { contentType, body } = await options.metrics.render();
    res.type(contentType).send(body);
  });
  return app;
}

/**
 * JSON body parsing for /graphql with a size limit; malformed or oversized bodies get coded errors.
 * With `digest`, the raw body's SHA-256 is kept in req.bodyDigest (what a gateway signature covers).
 */
export function graphqlBodyParser(limitBytes: number, options: { digest?: boolean } = {}) {
  const parse = express.json({
    limit: limitBytes,
    ...(options.digest
      ? {
          verify: (req: express.Request, _res: unknown, raw: Buffer) => {
            req.bodyDigest = bodyDigest(raw);
          },
        }
      : {}),
  });
  const onError: ErrorRequestHandler = (error: { type?: string }, _req, res, next) => {
    if (error.type === 'entity.too.large') {
      return sendGraphQLError(res, 413, ErrorCode.PAYLOAD_TOO_LARGE, `Request body is larger than ${limitBytes} bytes`);
    }
    if (error.type === 'entity.parse.failed') {
      return sendGraphQLError(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
    }
    next(error);
  };
  return [parse, onError] as const;
}

const refuse = (res: Response, refusal: Refusal) => sendGraphQLError(res, refusal.status, refusal.code, refusal.message);

/** Refuses a missing, malformed or stale gateway signature without reading the body. */
const freshSignature: RequestHandler = (req, res, next) => {
  const refusal = headerRefusal(req.header(SIGNATURE_HEADER), Date.now());
  if (refusal) return refuse(res, refusal);
  next();
};

/**
 * A subgraph's /graphql body parser: refuses what the gateway did not sign. A missing, malformed or
 * stale signature is refused before the body is read; then the signature must match the body.
 */
export function gatewayOnlyBodyParser(limitBytes: number, secret: string): RequestHandler[] {
  const afterBody: RequestHandler = (req, res, next) => {
    const refusal = signatureRefusal(secret, req.header(SIGNATURE_HEADER), {
      requestId: req.header('x-request-id'),
      digest: req.bodyDigest ?? bodyDigest(''),
      authorization: req.header('authorization'),
      clientAddress: req.header('x-client-address'),
    });
    if (refusal) return refuse(res, refusal);
    next();
  };
  const [parse, onError] = graphqlBodyParser(limitBytes, { digest: true });
  return [freshSignature, parse, onError as unknown as RequestHandler, afterBody];
}

/** Last-resort handler: log with the request id, answer without internals. */
export function finalErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    logger.error({ err: error, requestId: req.requestId }, 'unhandled HTTP error');
    if (res.headersSent) return;
    sendGraphQLError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
  };
}

/** Listens on `host` and resolves with the GraphQL URL, logging the actual port (0 picks a free one). */
export function listenOn(server: Server, port: number, host: string, logger: Logger, message: string): Promise<string> {
  // Idle keep-alive connections outlive the clients' own timeout (undici: 4 s): the client always
  // drops an idle connection first, and never sends a request on one the server is closing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo;
      logger.info({ host, port: actual }, message);
      // A server bound to one interface (e.g. 127.0.0.1) is called there, not wherever "localhost" resolves.
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      resolve(`http://${shown}:${actual}/graphql`);
    });
  });
}
