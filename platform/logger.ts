/**
 * Structured JSON logs (pino). Every line carries the service name; request-scoped children add
 * the request id and operation name. Secrets never reach the output: the paths below are redacted.
 */
import { pino, type Logger } from 'pino';
import type { Env } from './env.ts';

export type { Logger };

const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.refreshToken',
  '*.accessToken',
  'variables.*.password',
  'variables.password',
  'variables.refreshToken',
];

export function createLogger(env: Pick<Env, 'LOG_LEVEL' | 'NODE_ENV'>, service: string): Logger {
  return pino({
    level: env.LOG_LEVEL,
    base: { service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
