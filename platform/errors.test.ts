import { GraphQLError } from 'graphql';
import { describe, expect, it } from '@jest/globals';
import { badInput, formatError, notFound } from './errors.ts';

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

  it('names what was not found', () => {
    expect(notFound('Course', 'abc').message).toBe('Course "abc" was not found');
  });
});
