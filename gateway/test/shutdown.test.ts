/**
 * A production process on real Postgres, Redis and NATS stops cleanly on SIGTERM (what Kubernetes
 * and docker-compose send), after serving requests: every server drains, exit code 0, in seconds.
 */
import { spawn } from 'node:child_process';
import { expect, it } from '@jest/globals';
import { repoRoot } from '#platform/catalog.ts';
import { graphqlData } from '#platform/graphql/client.ts';
import { deleteStreams } from '#platform/testing/nats.ts';
import { eventually, catalogPortOffset } from '#platform/testing/helpers.ts';
import { testEnv } from '#platform/testing/test-env.ts';

it('drains and exits with 0 on SIGTERM', async () => {
  const settings = testEnv();
  const offset = catalogPortOffset();
  const url = `http://localhost:${offset}/graphql`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: settings.DATABASE_URL,
      REDIS_URL: settings.REDIS_URL,
      NATS_URL: settings.NATS_URL,
      EVENTS_NAMESPACE: settings.EVENTS_NAMESPACE,
      PORT: String(offset),
      SUBGRAPH_PORT_OFFSET: String(offset),
      SEED_DEMO_CONTENT: 'false',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    await eventually(async () => (output.includes('DoctorPy is ready') ? true : undefined), 60_000, 'the platform ready');
    // Requests leave kept-alive connections between the gateway and the subgraphs.
    await graphqlData(url, '{ platformStats { learners } courses(first: 1) { totalCount } quests(first: 1) { totalCount } }');

    const stopping = performance.now();
    child.kill('SIGTERM');
    const outcome = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000))]);
    expect(outcome).toBe(0);
    expect(performance.now() - stopping).toBeLessThan(10_000);
    expect(output).toContain('"msg":"shutting down"');
    expect(output).not.toMatch(/"level":"(error|fatal)"/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await deleteStreams(settings.NATS_URL!, settings.EVENTS_NAMESPACE);
  }
}, 90_000);
