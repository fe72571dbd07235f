/**
 * The error code registry. Every error a client sees carries `extensions.code`; expected errors are
 * created with the helpers below, anything else is unexpected: logged with its stack and request
 * id, and masked in production (no stack traces, no SQL).
 */
import { ApolloServerErrorCode, ApolloServerValidationErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLErrorExtensions, type GraphQLFormattedError } from 'graphql';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
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
export const rateLimited = (retryAfterSeconds: number, message = 'Too many attempts, try again later') =>
  new AppError(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });

/** True for an error whose code a client may see as is. */
export function isExpectedError(error: unknown): boolean {
  const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
  return typeof code === 'string' && EXPECTED_CODES.has(code);
}

/** Prisma's P2002: a unique index refused the row (it exists already, or a concurrent request won). */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'P2002';

/**
 * Prisma errors that are a client's doing, turned into coded errors when a service did not handle
 * them itself (a unique index raced by two requests, a row deleted under our feet).
 */
function fromDatabaseError(error: unknown): AppError | undefined {
  if (!(error instanceof Error) || error.name !== 'PrismaClientKnownRequestError') return undefined;
  const code = (error as Error & { code?: string }).code;
  if (isUniqueViolation(error)) return conflict('This already exists');
  if (code === 'P2025') return new AppError(ErrorCode.NOT_FOUND, 'The record was not found');
  return undefined;
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
  if (mapped) return { ...formatted, message: mapped.message, extensions: mapped.extensions };
  const { requestId } = (formatted.extensions ?? {}) as { requestId?: string };
  return {
    message: options.maskUnexpected ? 'Internal server error' : (formatted.message ?? 'Internal server error'),
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(requestId ? { requestId } : {}) },
  };
}
