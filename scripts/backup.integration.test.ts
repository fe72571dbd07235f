/**
 * `npm run backup` then `npm run restore`, end to end on the full stack (Postgres, Redis, NATS):
 * learners enroll and complete quests, the platform is backed up, stopped and wiped (databases
 * dropped, Redis flushed, streams deleted), restore refuses without confirmation, then restores;
 * started again, the platform answers the same enrollments, XP and leaderboard, the leaderboard
 * rebuilt in Redis from the restored XP ledger.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import pg from 'pg';
import { ENROLL, ENROLLMENT } from '#gateway/testing/courses.ts';
import { readCatalog, repoRoot } from '#platform/catalog.ts';
import { dropSubgraphDatabases, subgraphDatabaseName } from '#platform/db/postgres-server.ts';
import { eventually, catalogPortOffset } from '#platform/testing/helpers.ts';
import { deleteStreams } from '#platform/testing/nats.ts';
import { testSettingsSource } from '#platform/testing/test-env.ts';
import { LearnerClient } from './replicas/client.ts';
import type { Manifest } from './backup-state.ts';

const run = promisify(execFile);
const offset = catalogPortOffset();
const settings = testSettingsSource({
  PORT: String(offset),
  SUBGRAPH_PORT_OFFSET: String(offset),
  SEED_DEMO_CONTENT: 'false',
  LOG_LEVEL: 'error',
});
const processEnv = { PATH: process.env.PATH, ...settings };
const client = new LearnerClient(`http://127.0.0.1:${offset}/graphql`);
const subgraphs = readCatalog().map(({ name }) => name);
let platform: ChildProcess | undefined;

async function startPlatform(): Promise<void> {
  platform = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    env: processEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await client.request('{ quests { totalCount } }', {}, undefined, 180_000);
}

async function stopPlatform(): Promise<void> {
  if (!platform || platform.exitCode !== null) return;
  const exited = new Promise((resolve) => platform!.once('exit', resolve));
  platform.kill('SIGTERM');
  await exited;
}

/** A script of the repository run as `npm run` runs it; resolves with its exit code and output. */
async function script(file: string, args: string[]): Promise<{ code: number; output: string }> {
  return run(process.execPath, ['--import', 'tsx', file, ...args], { cwd: repoRoot, env: processEnv }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? 1,
      output: `${error.stdout}${error.stderr}`,
    }),
  );
}

async function databasesPresent(): Promise<number> {
  const maintenance = new URL(settings.DATABASE_URL!);
  maintenance.pathname = '/postgres';
  const db = new pg.Client({ connectionString: maintenance.toString() });
  await db.connect();
  try {
    const names = subgraphs.map((name) => subgraphDatabaseName(settings.DATABASE_URL!, name));
    const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM pg_database WHERE datname = ANY($1)', [names]);
    return Number(rows[0]!.count);
  } finally {
    await db.end();
  }
}

const LEADERBOARD = '{ leaderboard(scope: GLOBAL, first: 10) { rank xp user { id } } }';
type Leaderboard = { leaderboard: Array<{ rank: number; xp: number; user: { id: string } }> };
const learners: Array<{ id: string; token: string }> = [];
let courseId: string;

/** What the platform answers about our learners: their enrollment, XP, completed quests, and the leaderboard. */
async function snapshot() {
  const perLearner = [];
  for (const learner of learners) {
    const { me } = await client.request<{ me: { xp: number; questsCompleted: number } }>(
      '{ me { xp questsCompleted } }',
      {},
      learner.token,
    );
    const { course } = await client.request<{ course: { viewerEnrollment: { id: string; status: string } | null } }>(
      ENROLLMENT,
      { id: courseId },
      learner.token,
    );
    perLearner.push({ ...me, enrollment: course.viewerEnrollment });
  }
  const { leaderboard } = await client.request<Leaderboard>(LEADERBOARD, {}, learners[0]!.token);
  return { perLearner, leaderboard };
}

beforeAll(async () => {
  await dropSubgraphDatabases(settings.DATABASE_URL!, subgraphs);
  await startPlatform();
  const instructor = await client.register('INSTRUCTOR');
  for (let index = 0; index < 3; index += 1) learners.push(await client.register('STUDENT'));
  const { createCourse } = await client.request<{ createCourse: { id: string } }>(
    'mutation C($input: CreateCourseInput!) { createCourse(input: $input) { id } }',
    { input: { title: 'Backed-up Python', description: 'Lists and loops.', level: 'BEGINNER' } },
    instructor.token,
  );
  courseId = createCourse.id;
  const { addModule } = await client.request<{ addModule: { id: string } }>(
    'mutation M($courseId: ID!) { addModule(courseId: $courseId, input: { title: "Basics" }) { id } }',
    { courseId },
    instructor.token,
  );
  await client.request(
    'mutation L($moduleId: ID!) { addLesson(moduleId: $moduleId, input: { title: "Lists", content: "# lists", durationMinutes: 5 }) { id } }',
    { moduleId: addModule.id },
    instructor.token,
  );
  await client.request('mutation P($id: ID!) { publishCourse(id: $id) { id } }', { id: courseId }, instructor.token);
  for (const learner of learners) await client.request(ENROLL, { courseId }, learner.token);
  const big = await client.createQuest(instructor.token, 30);
  const small = await client.createQuest(instructor.token, 20);
  await client.complete(learners[0]!.token, big);
  await client.complete(learners[0]!.token, small);
  await client.complete(learners[1]!.token, big);
  await client.complete(learners[2]!.token, small);
  // Settled: every completion in the ledger and on the leaderboard.
  await eventually(async () => {
    const { leaderboard } = await client.request<Leaderboard>(LEADERBOARD, {}, learners[0]!.token);
    return leaderboard.map((entry) => entry.xp).join() === '50,30,20' ? true : undefined;
  }, 30_000);
}, 300_000);

afterAll(async () => {
  await stopPlatform();
  await deleteStreams(settings.NATS_URL!, settings.EVENTS_NAMESPACE!);
});

it('backs up every database, and after a wipe restores the data and the leaderboard', async () => {
  const before = await snapshot();
  expect(before.perLearner.map((learner) => learner.xp)).toEqual([50, 30, 20]);
  expect(before.perLearner.every((learner) => learner.enrollment?.status === 'ACTIVE')).toBe(true);

  const folder = join(mkdtempSync(join(tmpdir(), 'doctorpy-backup-')), 'backup');
  const backup = await script('scripts/backup.ts', ['--out', folder]);
  expect(backup).toMatchObject({ code: 0 });
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
  expect(manifest.databases.map((entry) => entry.subgraph).sort()).toEqual([...subgraphs].sort());
  for (const entry of manifest.databases) {
    expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(entry.migrations.count).toBeGreaterThan(0);
  }
  expect('inFlight' in manifest.events).toBe(true);

  // The disaster: the platform stops, its databases, caches and streams are gone.
  await stopPlatform();
  await dropSubgraphDatabases(settings.DATABASE_URL!, subgraphs);
  const redis = new Redis(settings.REDIS_URL!);
  await redis.flushdb();
  await deleteStreams(settings.NATS_URL!, settings.EVENTS_NAMESPACE!);
  expect(await databasesPresent()).toBe(0);

  const refused = await script('scripts/restore.ts', [folder]);
  expect(refused.code).toBe(2);
  expect(refused.output).toContain('--yes');
  expect(await databasesPresent()).toBe(0);

  // A damaged dump is found before anything is dropped or created.
  const damaged = `${folder}-damaged`;
  cpSync(folder, damaged, { recursive: true });
  const dump = join(damaged, manifest.databases[0]!.file);
  const bytes = readFileSync(dump);
  bytes[bytes.length - 1] = bytes.at(-1)! ^ 0xff;
  writeFileSync(dump, bytes);
  const rejected = await script('scripts/restore.ts', [damaged, '--yes']);
  expect(rejected.code).not.toBe(0);
  expect(rejected.output).toContain('checksum');
  expect(await databasesPresent()).toBe(0);

  const restored = await script('scripts/restore.ts', [folder, '--yes']);
  expect(restored).toMatchObject({ code: 0 });
  expect(await databasesPresent()).toBe(subgraphs.length);

  await startPlatform();
  const after = await snapshot();
  expect(after).toEqual(before);
  // Answered from Redis again: gamification rebuilt the sets from the restored ledger.
  expect(await redis.exists(`${settings.EVENTS_NAMESPACE}:lb:built`)).toBe(1);
  await redis.quit();
}, 400_000);
