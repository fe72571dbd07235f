import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '#platform/catalog.ts';
import { parseSettings } from '#platform/env.ts';
import { settings } from './settings.ts';

describe('accounts settings', () => {
  it('runs on defaults alone, without a first admin', () => {
    const defaults = parseSettings(settings, {});
    expect(defaults.ADMIN_EMAIL).toBeUndefined();
    expect(defaults).toMatchObject({ ACCESS_TOKEN_TTL_SECONDS: 900, LOGIN_FAILURES_BEFORE_DELAY: 5 });
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(() => parseSettings(settings, { ADMIN_EMAIL: 'root@example.com' }, 'accounts')).toThrow(
      /of accounts:[\s\S]*ADMIN_PASSWORD: ADMIN_EMAIL and ADMIN_PASSWORD must be set together/,
    );
  });

  it('refuses a password hash cheaper than the argon2id floor', () => {
    expect(() => parseSettings(settings, { PASSWORD_HASH_MEMORY_KIB: '1024' })).toThrow(/PASSWORD_HASH_MEMORY_KIB/);
  });
});

it('a wrong accounts setting stops its process at start with a clear message', async () => {
  const started = promisify(execFile)(process.execPath, ['--import', 'tsx', 'platform/serve-subgraph.ts', 'accounts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, SUBGRAPH_SHARED_SECRET: 'x'.repeat(32), LOGIN_FAILURES_BEFORE_DELAY: 'many' },
  });
  const failure = (await started.then(
    () => undefined,
    (error: unknown) => error,
  )) as { code: number; stderr: string } | undefined;
  expect(failure?.code).toBe(1);
  expect(failure?.stderr).toMatch(/^accounts: Invalid configuration of accounts:\n {2}- LOGIN_FAILURES_BEFORE_DELAY: /);
}, 30_000);
