import { describe, expect, it } from '@jest/globals';
import { EnvError, isEmbedded, loadEnv } from './env.ts';

describe('loadEnv', () => {
  it('runs on defaults alone, embedded', () => {
    const env = loadEnv({ source: {} });
    expect(env).toMatchObject({ NODE_ENV: 'development', DATA_DIR: '.data', ACCESS_TOKEN_TTL_SECONDS: 900 });
    expect(isEmbedded(env)).toBe(true);
  });

  it('treats empty values as unset', () => {
    expect(loadEnv({ source: { DATABASE_URL: '', PORT: '' } }).DATABASE_URL).toBeUndefined();
  });

  it('stops with every problem listed', () => {
    const attempt = () => loadEnv({ source: { PORT: 'eighty', DATABASE_URL: 'mysql://db/x', NODE_ENV: 'staging' } });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/- PORT: /);
    expect(attempt).toThrow(/- DATABASE_URL: must use one of postgres:, postgresql:/);
    expect(attempt).toThrow(/- NODE_ENV: /);
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(() => loadEnv({ source: { ADMIN_EMAIL: 'root@example.com' } })).toThrow(/set together/);
  });
});
