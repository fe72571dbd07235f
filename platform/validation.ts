/** Input validation with zod: a failed parse becomes BAD_USER_INPUT listing each field's problem. */
import type { z } from 'zod';
import { badInput } from './errors.ts';

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'input',
    message: issue.message,
  }));
  const summary = fields.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
  throw badInput(`Invalid input: ${summary}`, fields);
}
