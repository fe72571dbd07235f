/**
 * The embedded mode (`npm start` with nothing configured): PGlite, the in-process event bus and no
 * Redis, so the leaderboards are the SQL implementation. Same events, same answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { eventually, startTestStack, unique, type TestStack } from '#gateway/testing/stack.ts';
import { gamification, learnerWhen, publish, questCompleted, recordBus } from './support.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'doctorpy-gamification-'));
const ADMIN = { email: `${unique('admin')}@example.com`, password: 'Admin-password-2026' };
let platform: TestStack;

beforeAll(async () => {
  platform = await startTestStack({
    subgraphs: ['accounts', 'gamification'],
    env: {
      DATABASE_URL: '',
      REDIS_URL: '',
      NATS_URL: '',
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    },
  });
});
afterAll(async () => {
  await platform?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('runs on PGlite and the in-process bus, with leaderboards from SQL', async () => {
  expect(platform.runtime.redis()).toBeUndefined();
  expect(platform.runtime.eventBus().kind).toBe('in-process');
  expect(gamification(platform).leaderboards.store.kind).toBe('sql');

  const bus = recordBus(platform);
  const [first, second, third] = await Promise.all([1, 2, 3].map(() => platform.signUp()));
  const courseId = unique('course');
  const [tieLow, tieHigh] = [first!.id, second!.id].sort();
  await publish(platform, questCompleted(tieHigh!, { xp: 300, courseId }));
  await publish(platform, questCompleted(tieLow!, { xp: 300, courseId }));
  await publish(platform, questCompleted(third!.id, { xp: 120, courseId, score: 100 }));

  const fields = await learnerWhen(platform, third!.id, (user) => user.xp === 120);
  expect(fields).toMatchObject({ level: 2, streak: { current: 1 } });
  expect(fields.badges.map((badge) => badge.slug)).toEqual(['first-quest', 'perfect-score']);
  await learnerWhen(platform, tieLow!, (user) => user.xp === 300);

  const { leaderboard } = await platform.data<{
    leaderboard: Array<{ rank: number; xp: number; user: { id: string; level: number } }>;
  }>(`query($courseId: ID) { leaderboard(scope: COURSE, courseId: $courseId) { rank xp user { id level } } }`, { courseId });
  expect(leaderboard).toEqual([
    { rank: 1, xp: 300, user: { id: tieLow, level: 3 } },
    { rank: 2, xp: 300, user: { id: tieHigh, level: 3 } },
    { rank: 3, xp: 120, user: { id: third!.id, level: 2 } },
  ]);
  await eventually(async () => (bus.live('leaderboard').length === 3 ? true : undefined), 5_000, 'three live signals');
  bus.stop();

  // Nothing to rebuild without Redis, but the mutation answers the same way.
  const { login } = await platform.data<{ login: { accessToken: string } }>(
    `mutation L($input: LoginInput!) { login(input: $input) { accessToken } }`,
    { input: ADMIN },
  );
  expect(await platform.data('mutation { rebuildLeaderboards }', {}, login.accessToken)).toEqual({ rebuildLeaderboards: true });
});
