import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { EnvError, isEmbedded, loadEnv, parseSettings, positiveInt, settingNames } from './env.ts';

describe('loadEnv', () => {
  it('runs on defaults alone, embedded', () => {
    const env = loadEnv({ source: {} });
    expect(env).toMatchObject({ NODE_ENV: 'development', DATA_DIR: '.data', OUTBOX_POLL_MS: 5_000 });
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

  it('leaves subgraph settings to the subgraphs', () => {
    expect(loadEnv({ source: { LOGIN_FAILURES_BEFORE_DELAY: 'not checked here' } })).not.toHaveProperty(
      'LOGIN_FAILURES_BEFORE_DELAY',
    );
  });
});

describe('parseSettings', () => {
  const schema = z.object({ WIDGET_LIMIT: positiveInt.default(3) });

  it('reads a settings schema from the same source, with its defaults', () => {
    expect(parseSettings(schema, { WIDGET_LIMIT: '7', NODE_ENV: 'test' })).toEqual({ WIDGET_LIMIT: 7 });
    expect(parseSettings(schema, {})).toEqual({ WIDGET_LIMIT: 3 });
    expect(settingNames(schema)).toEqual(['WIDGET_LIMIT']);
  });

  it('names its owner when a setting is wrong', () => {
    expect(() => parseSettings(schema, { WIDGET_LIMIT: '-1' }, 'widgets')).toThrow(
      /^Invalid configuration of widgets:\n {2}- WIDGET_LIMIT: /,
    );
  });
});
