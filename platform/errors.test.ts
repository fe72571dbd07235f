import { GraphQLError } from 'graphql';
import { describe, expect, it } from '@jest/globals';
import {
  badInput,
  formatError,
  isTransactionConflict,
  notFound,
  overloadReason,
  rateLimited,
  serviceUnavailable,
} from './errors.ts';

const formatted = (error: GraphQLError) => ({
  ...error.toJSON(),
  extensions: { ...error.extensions, stacktrace: ['at secret.ts:1'] },
});

describe('formatError', () => {
  it('passes expected errors through, without stack traces', () => {
    const error = badInput('title: too long', [{ field: 'title', message: 'too long' }]);
    expect(formatError(formatted(error), error, { maskUnexpected: true })).toEqual({
      message: 'title: too long',
      extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'title', message: 'too long' }] },
    });
  });

  it('masks unexpected errors in production, keeping the request id', () => {
    const original = new Error('relation "Course" does not exist at SELECT ...');
    const error = new GraphQLError(original.message, {
      originalError: original,
      path: ['courses'],
      extensions: { requestId: 'req-1' },
    });
    expect(formatError(formatted(error), error, { maskUnexpected: true })).toEqual({
      message: 'Internal server error',
      path: ['courses'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' },
    });
  });

  it('keeps the message of unexpected errors outside production, still without the stack', () => {
    const error = new GraphQLError('boom', { originalError: new Error('boom') });
    const result = formatError(formatted(error), error, { maskUnexpected: false });
    expect(result.message).toBe('boom');
    expect(result.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('turns unhandled unique and missing-row database errors into CONFLICT and NOT_FOUND', () => {
    const prismaError = (code: string) =>
      Object.assign(new Error('Invalid `prisma.user.create()`'), { name: 'PrismaClientKnownRequestError', code });
    for (const [code, expected] of [
      ['P2002', 'CONFLICT'],
      ['P2025', 'NOT_FOUND'],
    ] as const) {
      const error = new GraphQLError('x', { originalError: prismaError(code), path: ['createUser'] });
      expect(formatError(formatted(error), error, { maskUnexpected: true }).extensions?.code).toBe(expected);
    }
  });

  it('turns database overload into SERVICE_UNAVAILABLE with a delay to retry after, and says why', () => {
    const prismaError = (code: string, message: string, meta: Record<string, unknown> = {}) =>
      Object.assign(new Error(message), { name: 'PrismaClientKnownRequestError', code, meta });
    const cases: Array<[Error, string | undefined]> = [
      [
        prismaError('P2028', 'Transaction API error: Unable to start a transaction in the given time.'),
        'transaction-start-timeout',
      ],
      [prismaError('P2028', 'Invalid `tx.user.create()` invocation', { timeout: 5000, timeTaken: 5200 }), 'transaction-timeout'],
      [new Error('timeout exceeded when trying to connect'), 'pool-timeout'],
      [prismaError('P2037', 'Too many database connections opened'), 'too-many-connections'],
      [prismaError('P2028', 'Transaction already closed: A commit cannot be executed on a committed transaction.'), undefined],
      [new Error('relation "User" does not exist'), undefined],
    ];
    const masked = (original: Error) => {
      const error = new GraphQLError(original.message, { originalError: original, path: ['register'] });
      return formatError(formatted(error), error, { maskUnexpected: true });
    };
    expect(cases.map(([original]) => overloadReason(original))).toEqual(cases.map(([, reason]) => reason));
    expect(cases.map(([original]) => masked(original).extensions)).toEqual(
      cases.map(([, reason]) =>
        reason ? { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 } : { code: 'INTERNAL_SERVER_ERROR' },
      ),
    );
    expect(masked(cases[0]![0]).message).toBe('The service is busy, try again shortly');
  });

  it('gives RATE_LIMITED and SERVICE_UNAVAILABLE their HTTP status and Retry-After', () => {
    expect(rateLimited(2.2).extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 3,
      http: { status: 429, headers: new Map([['retry-after', '3']]) },
    });
    const busy = serviceUnavailable(0.1, 'busy', 'password-hashing');
    expect(busy.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1, http: { status: 503 } });
    expect(overloadReason(busy)).toBe('password-hashing');
  });

  it('names what was not found', () => {
    expect(notFound('Course', 'abc').message).toBe('Course "abc" was not found');
  });
});

describe('isTransactionConflict', () => {
  it('recognises a deadlock as Prisma 7 reports it on Postgres 15, and nothing else', () => {
    // Recorded from two transactions locking two rows in opposite orders (2026-12-02).
    const deadlock = {
      name: 'PrismaClientKnownRequestError',
      code: 'P2010',
      meta: {
        driverAdapterError: {
          name: 'DriverAdapterError',
          cause: { originalCode: '40P01', originalMessage: 'deadlock detected', kind: 'TransactionWriteConflict' },
        },
      },
    };
    expect(isTransactionConflict(deadlock)).toBe(true);
    expect(isTransactionConflict({ code: 'P2034' })).toBe(true);
    expect(isTransactionConflict({ code: 'P2002' })).toBe(false);
    expect(isTransactionConflict({ meta: { driverAdapterError: { cause: { originalCode: '23P01' } } } })).toBe(false);
    expect(isTransactionConflict(new Error('deadlock detected'))).toBe(false);
    expect(isTransactionConflict(undefined)).toBe(false);
  });
});
