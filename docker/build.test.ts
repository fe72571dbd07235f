/**
 * Production runs JavaScript: `npm run build` compiles the code into a tree of .js files with the
 * files it reads at run time, and a subgraph started from it on plain Node (no TypeScript loader:
 * Node 20 cannot load a .ts file at all) migrates its database, answers /health/ready and serves
 * GraphQL.
 */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from '@jest/globals';
import { repoRoot } from '#platform/catalog.ts';
import { graphqlRequest } from '#platform/graphql/client.ts';
import { eventually, catalogPortOffset } from '#platform/testing/helpers.ts';
import { testEnv } from '#platform/testing/test-env.ts';

const out = join('.data', `build-test-${randomUUID().slice(0, 8)}`);
afterAll(() => rmSync(join(repoRoot, out), { recursive: true, force: true }));

it('builds, and a subgraph runs from the build output alone', async () => {
  await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--out', out], { cwd: repoRoot });
  const built = readdirSync(join(repoRoot, out), { recursive: true, encoding: 'utf8' });
  expect(built).toContain(join('subgraphs', 'profiles', 'src', 'index.js'));
  expect(built).toContain(join('subgraphs', 'profiles', 'schema.graphql'));
  // Shared libraries are compiled beside the subgraphs that import them.
  expect(built).toContain(join('libs', 'python-answers', 'answer-checker.js'));
  expect(built.filter((file) => file.endsWith('.ts'))).toEqual([]);

  const port = 4_000 + catalogPortOffset();
  const secret = randomUUID() + randomUUID();
  const child = spawn(process.execPath, [join(out, 'platform', 'serve-subgraph.js'), 'profiles'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: testEnv().DATABASE_URL,
      PORT: String(port),
      SUBGRAPH_SHARED_SECRET: secret,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const ready = await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${errors}`);
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        return response.ok ? ((await response.json()) as { status: string }) : undefined;
      },
      60_000,
      'the built subgraph ready',
    );
    expect(ready.status).toBe('ok');
    // Signed as the gateway signs its calls (an unsigned call is refused).
    const { data } = await graphqlRequest<{ _service: { sdl: string } }>(
      `http://127.0.0.1:${port}/graphql`,
      '{ _service { sdl } }',
      {},
      { gatewaySecret: secret },
    );
    expect(data?._service.sdl).toContain('type Profile');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 120_000);
