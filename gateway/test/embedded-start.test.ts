/**
 * The embedded path, exactly as a newcomer runs it: `npm start` with no service configured
 * (PGlite under DATA_DIR, in-memory cache), ready, queried, stopped; then started again on the
 * same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from '@jest/globals';
import { catalogPortOffset } from '#platform/testing/helpers.ts';
import { repoRoot } from '#platform/catalog.ts';
import { graphqlData } from '#platform/graphql/client.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'doctorpy-embedded-'));
const offset = catalogPortOffset();
const port = offset;
const url = `http://localhost:${port}/graphql`;

function npmStart(): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    SUBGRAPH_PORT_OFFSET: String(offset),
    LOG_LEVEL: 'info',
  };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'NATS_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'NODE_ENV', 'SEED_DEMO_CONTENT'])
    delete env[name];
  const child = spawn('npm', ['start'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  live.set(child, '');
  child.stdout?.on('data', (chunk: Buffer) => live.set(child, live.get(child) + chunk.toString()));
  // stdout closes when every process holding it (npm, its shell, tsx, the platform) has exited.
  outputs.set(child, new Promise((resolve) => child.stdout?.once('close', () => resolve(live.get(child)!))));
  return child;
}

const live = new Map<ChildProcess, string>();
const outputs = new Map<ChildProcess, Promise<string>>();

/** Ready once the platform says so (after the demo content on a first start). */
async function waitUntilReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    if (live.get(child)?.includes('DoctorPy is ready')) return;
    await sleep(250);
  }
  throw new Error('npm start was not ready in time');
}

/** SIGTERM to the whole process group (npm, its shell, tsx, the platform), as a terminal's Ctrl-C does. */
async function stop(child: ChildProcess): Promise<string> {
  process.kill(-child.pid!, 'SIGTERM');
  return outputs.get(child)!;
}

// A failed expectation leaves its `npm start` running: stop every process group still alive, or
// its open stdout keeps jest from exiting.
afterAll(async () => {
  for (const child of live.keys()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await Promise.all(outputs.values());
  rmSync(dataDir, { recursive: true, force: true });
});

it('starts on embedded defaults with the demo content, and again on the same data', async () => {
  const first = npmStart();
  await waitUntilReady(first, 60_000);

  const { courses } = await graphqlData<{
    courses: {
      edges: Array<{
        node: { slug: string; lessonCount: number; instructor: { displayName: string; profile: { bio: string } } };
      }>;
    };
  }>(url, '{ courses { edges { node { slug lessonCount instructor { displayName profile { bio } } } } } }');
  expect(courses.edges.map((edge) => edge.node.slug).sort()).toEqual([
    'python-basics',
    'python-data-structures',
    'python-functions',
  ]);
  expect(courses.edges.every((edge) => edge.node.lessonCount >= 6 && edge.node.instructor.profile.bio.length > 20)).toBe(true);

  const { quests } = await graphqlData<{ quests: { totalCount: number } }>(url, '{ quests { totalCount } }');
  expect(quests.totalCount).toBeGreaterThanOrEqual(12);

  const { login } = await graphqlData<{ login: { accessToken: string; user: { roles: string[] } } }>(
    url,
    'mutation { login(input: { email: "admin@doctorpy.dev", password: "doctorpy-admin-2026" }) { accessToken user { roles } } }',
  );
  expect(login.user.roles).toContain('ADMIN');

  // The assistant indexed the demo content in PGlite (its full-text SQL names its schema) and answers from it.
  const token = login.accessToken;
  const deadline = Date.now() + 20_000;
  let index = { lessons: 0, quests: 0 };
  while (Date.now() < deadline && (index.lessons < 18 || index.quests < 12)) {
    index = (await graphqlData<{ assistantIndex: typeof index }>(url, '{ assistantIndex { lessons quests } }', {}, { token }))
      .assistantIndex;
    if (index.lessons < 18) await sleep(250);
  }
  expect(index.lessons).toBe(18);
  const { askAssistant } = await graphqlData<{
    askAssistant: { provider: string; citations: Array<{ lesson: { title: string } | null }> };
  }>(
    url,
    'mutation { askAssistant(input: { question: "How do I loop over the keys and values of a dictionary?" }) { provider citations { lesson { title } } } }',
    {},
    { token },
  );
  expect(askAssistant.provider).toBe('extractive');
  expect(askAssistant.citations.map((citation) => citation.lesson?.title)).toContain('Dictionaries');
  const { assistantUsage } = await graphqlData<{ assistantUsage: { questions: number; p50LatencyMs: number } }>(
    url,
    'query U($from: DateTime!, $to: DateTime!) { assistantUsage(from: $from, to: $to) { questions p50LatencyMs } }',
    { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() },
    { token },
  );
  expect(assistantUsage.questions).toBe(1);
  const firstLogs = await stop(first);
  expect(firstLogs).toContain('"msg":"demo content loaded"');
  expect(firstLogs).toContain('"msg":"shutting down"');
  expect(firstLogs).not.toMatch(/"level":"(error|fatal)"/);
  expect(
    await fetch(url).then(
      () => 'still up',
      () => 'stopped',
    ),
  ).toBe('stopped');

  const second = npmStart();
  await waitUntilReady(second, 30_000);
  const again = await graphqlData<{ courses: { totalCount: number } }>(url, '{ courses { totalCount } }');
  expect(again.courses.totalCount).toBe(3);
  const secondLogs = await stop(second);
  expect(secondLogs).not.toContain('demo content loaded');
  expect(secondLogs).toContain('"msg":"shutting down"');
}, 120_000);
