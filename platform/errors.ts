/**
 * The error code registry. Every error a client sees carries `extensions.code`; expected errors are
 * created with the helpers below, anything else is unexpected: logged with its stack and request
 * id, and masked in production (no stack traces, no SQL).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode, ApolloServerValidationErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLErrorExtensions, type GraphQLFormattedError } from 'graphql';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  /** Too late: the time allowed for this (an attempt's time limit, an offer) has run out. */
  DEADLINE_PASSED: 'DEADLINE_PASSED',
  /** The course (or other content) is sold: buy it first. HTTP 402 when nothing else answered. */
  PAYMENT_REQUIRED: 'PAYMENT_REQUIRED',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** Overloaded right now (database pool or transaction slots, password hashing queue): retry after a moment. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes a client may see verbatim: ours plus the ones Apollo Server raises itself. */
const EXPECTED_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  ...Object.values(ApolloServerErrorCode).filter((code) => code !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR),
  ...Object.values(ApolloServerValidationErrorCode),
]);

export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: GraphQLErrorExtensions = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export const unauthenticated = (message = 'Authentication required') => new AppError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'You are not allowed to do this') => new AppError(ErrorCode.FORBIDDEN, message);
export const badInput = (message: string, fields: FieldProblem[] = []) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, fields.length ? { fields } : {});
export const notFound = (entity: string, id?: string) =>
  new AppError(ErrorCode.NOT_FOUND, id ? `${entity} ${JSON.stringify(id)} was not found` : `${entity} was not found`);
export const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
export const deadlinePassed = (message: string, deadline: Date) =>
  new AppError(ErrorCode.DEADLINE_PASSED, message, { deadline: deadline.toISOString() });
export const paymentRequired = (message: string) => new AppError(ErrorCode.PAYMENT_REQUIRED, message);

/** A coded error that also sets the HTTP status and `Retry-After` of the server that raises it. */
function retryable(code: ErrorCode, status: number, retryAfterSeconds: number, message: string): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new AppError(code, message, {
    retryAfterSeconds: seconds,
    http: { status, headers: new Map([['retry-after', String(seconds)]]) },
  });
}
export const rateLimited = (retryAfterSeconds: number, message = 'Too many attempts, try again later') =>
  retryable(ErrorCode.RATE_LIMITED, 429, retryAfterSeconds, message);
/** `reason` names the overload in metrics (overloadReason); clients see the code and the wait only. */
export const serviceUnavailable = (
  retryAfterSeconds: number,
  message = 'The service is busy, try again shortly',
  reason = 'busy',
): AppError => Object.assign(retryable(ErrorCode.SERVICE_UNAVAILABLE, 503, retryAfterSeconds, message), { reason });

/** True for an error whose code a client may see as is. */
export function isExpectedError(error: unknown): boolean {
  const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
  return typeof code === 'string' && EXPECTED_CODES.has(code);
}

/** Prisma's P2002: a unique index refused the row (it exists already, or a concurrent request won). */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'P2002';

/**
 * Postgres rolled the transaction back to break a deadlock (40P01; two concurrent inserts checking
 * one exclusion constraint wait on each other) or a serialization failure (40001): running it
 * again is safe and sees what the other transaction committed. Prisma reports it as P2034 (P2010
 * for raw SQL) with the driver's code.
 */
export function isTransactionConflict(error: unknown): boolean {
  const { code, meta } = (error ?? {}) as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
  };
  const cause = meta?.driverAdapterError?.cause;
  return (
    code === 'P2034' ||
    cause?.kind === 'TransactionWriteConflict' ||
    cause?.originalCode === '40P01' ||
    cause?.originalCode === '40001'
  );
}

/** How long a client should wait after an overload before trying again. */
const OVERLOAD_RETRY_AFTER_SECONDS = 2;
/** Prisma codes of a database that is overloaded or out of reach: P2028 is reported only for its timeouts (below). */
const OVERLOAD_PRISMA_CODES: Record<string, string> = {
  P1001: 'database-unreachable',
  P2024: 'pool-timeout',
  P2037: 'too-many-connections',
};

/**
 * Why `error` means "overloaded, retry later", or undefined: no transaction slot in time (Prisma's
 * maxWait), a transaction that ran past its timeout, no pooled connection in time (node-postgres),
 * too many connections, the database out of reach, or a SERVICE_UNAVAILABLE raised on purpose.
 */
export function overloadReason(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error instanceof AppError) {
    return error.extensions.code === ErrorCode.SERVICE_UNAVAILABLE
      ? String((error as { reason?: string }).reason ?? 'busy')
      : undefined;
  }
  // node-postgres' pool, when connectionTimeoutMillis passes without a free connection.
  if (error.message === 'timeout exceeded when trying to connect') return 'pool-timeout';
  if (!error.name.startsWith('PrismaClient')) return undefined;
  const { code, meta } = error as Error & { code?: string; meta?: { timeout?: unknown } };
  if (code === 'P2028') {
    if (error.message.includes('Unable to start a transaction in the given time')) return 'transaction-start-timeout';
    if (meta?.timeout !== undefined || error.message.includes('expired transaction')) return 'transaction-timeout';
    return undefined;
  }
  return code ? OVERLOAD_PRISMA_CODES[code] : undefined;
}

/**
 * Prisma errors that are a client's doing, turned into coded errors when a service did not handle
 * them itself (a unique index raced by two requests, a row deleted under our feet).
 */
function fromDatabaseError(error: unknown): AppError | undefined {
  if (overloadReason(error)) return serviceUnavailable(OVERLOAD_RETRY_AFTER_SECONDS);
  if (!(error instanceof Error) || error.name !== 'PrismaClientKnownRequestError') return undefined;
  const code = (error as Error & { code?: string }).code;
  if (isUniqueViolation(error)) return conflict('This already exists');
  if (code === 'P2025') return new AppError(ErrorCode.NOT_FOUND, 'The record was not found');
  return undefined;
}

/** True for an error the client sees masked as INTERNAL_SERVER_ERROR (see formatError): a bug to report. */
export function isMaskedAsInternal(error: unknown): boolean {
  const original = unwrapResolverError(error);
  return !isExpectedError(error) && !isExpectedError(original) && !fromDatabaseError(original);
}

/**
 * Turns any error into what the client may see. `error` is the original (Apollo passes both);
 * unexpected errors keep their message outside production, never their stack.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: { maskUnexpected: boolean },
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isExpectedError(error) || isExpectedError(original)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const mapped = fromDatabaseError(original);
  if (mapped) {
    const { http: _http, ...extensions } = mapped.extensions;
    return { ...formatted, message: mapped.message, extensions };
  }
  const { requestId } = (formatted.extensions ?? {}) as { requestId?: string };
  return {
    message: options.maskUnexpected ? 'Internal server error' : (formatted.message ?? 'Internal server error'),
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(requestId ? { requestId } : {}) },
  };
}

/** The HTTP status of a response without data whose errors carry one of these codes. */
const STATUS_BY_CODE: Partial<Record<string, number>> = {
  [ErrorCode.PAYMENT_REQUIRED]: 402,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
};

/**
 * Apollo plugin giving a response the HTTP status its errors call for when they come from elsewhere
 * (a subgraph's PAYMENT_REQUIRED, RATE_LIMITED or SERVICE_UNAVAILABLE, a masked database overload),
 * with `Retry-After`.
 * Only when there is no data: a partial result stays 200, as GraphQL over HTTP asks.
 */
export function errorStatusPlugin(): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      willSendResponse: async ({ response }) => {
        if (response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        let status: number | undefined;
        let retryAfter = 0;
        for (const error of errors ?? []) {
          const code = String(error.extensions?.code);
          const seconds = Number(error.extensions?.retryAfterSeconds);
          if (Number.isFinite(seconds)) retryAfter = Math.max(retryAfter, seconds);
          // 429 wins over 503: waiting is the answer to both, and the quota is the client's own doing.
          if (STATUS_BY_CODE[code] && (!status || code === ErrorCode.RATE_LIMITED)) status = STATUS_BY_CODE[code];
        }
        if (retryAfter > 0) response.http.headers.set('retry-after', String(Math.ceil(retryAfter)));
        if (status && data == null && (!response.http.status || response.http.status < 400)) response.http.status = status;
      },
    }),
  };
}
