/**
 * bookings' DateTime: the platform's on output; on input, ISO-8601 only, where a value without
 * offset is a wall-clock time the services read in the instructor's timezone (rules/date-input.ts).
 */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTime as PlatformDateTime } from '#platform/graphql/scalars.ts';
import { parseDateTimeInput } from '../rules/date-input.ts';

function parse(value: unknown): Date {
  const parsed = typeof value === 'string' && value.length <= 40 ? parseDateTimeInput(value) : undefined;
  if (!parsed) {
    throw new GraphQLError(
      'DateTime must be an ISO-8601 date-time: an instant (2030-01-07T08:00:00Z, 2030-01-07T09:00:00+01:00) or a wall-clock time (2030-01-07T09:00)',
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  }
  return parsed;
}

export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: PlatformDateTime.description,
  serialize: (value) => PlatformDateTime.serialize(value),
  parseValue: parse,
  parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
});
