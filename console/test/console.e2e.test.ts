/**
 * The console and the explorer in Chromium against `npm start` (embedded defaults, demo content):
 * a new learner plays a demo quest and sees XP, badge and notification arrive without a reload,
 * while an admin's analytics page shows the completion in the live feed and its figures move;
 * the explorer runs a query and a subscription with no request to any other origin.
 * Screenshots go to a temporary folder, or to docs/screenshots with CONSOLE_SCREENSHOTS=update.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '#platform/catalog.ts';
import { graphqlData } from '#platform/graphql/client.ts';
import { launchChromium, sameOriginContext, signIn, until } from './browser.ts';
import { startPlatform, type RunningPlatform } from './platform.ts';

const ADMIN = { email: 'admin@doctorpy.dev', password: 'doctorpy-admin-2026' };
/** The demo quest's steps, answered right (the second after a wrong answer and its hint). */
const ANSWERS: Array<{ kind: 'text' | 'choice'; value: string }> = [
  { kind: 'text', value: 'age = 25' },
  { kind: 'choice', value: "<class 'float'>" },
  { kind: 'text', value: 'NameError' },
  { kind: 'text', value: '30' },
];
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let platform: RunningPlatform;
let browser: Browser;
const shots = mkdtempSync(join(tmpdir(), 'doctorpy-shots-'));

beforeAll(async () => {
  // npm start builds the console first when its build is missing or older than its sources.
  [platform, browser] = await Promise.all([startPlatform(), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 30_000);

async function screenshot(page: Page, name: string): Promise<void> {
  const file = join(shots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  if (process.env.CONSOLE_SCREENSHOTS === 'update') {
    mkdirSync(join(repoRoot, 'docs', 'screenshots'), { recursive: true });
    copyFileSync(file, join(repoRoot, 'docs', 'screenshots', `${name}.png`));
  }
}

it('a learner completes a quest: XP, badge and notification arrive live; the analyst sees it happen', async () => {
  const { context: adminContext, foreign: adminForeign } = await sameOriginContext(browser, platform.origin, DESKTOP);
  const analyst = await adminContext.newPage();
  await signIn(analyst, platform.origin, ADMIN.email, ADMIN.password);
  await analyst.getByRole('link', { name: 'Analytics' }).click();
  const completedTile = analyst.getByTestId('stat-questsCompleted');
  expect(
    await until(
      () => completedTile.textContent(),
      (text) => /^\d+$/.test(text ?? ''),
    ),
  ).toMatch(/^\d+$/);
  const completedBefore = Number(await completedTile.textContent());
  const chart = analyst.getByTestId('platform-chart');
  const samplesBefore = Number(await chart.getAttribute('data-samples'));

  const { context, foreign } = await sameOriginContext(browser, platform.origin, DESKTOP);
  const learner = await context.newPage();
  const email = `learner-${Date.now()}@example.com`;
  await learner.goto(`${platform.origin}/console/`);
  await learner.getByRole('button', { name: 'New here? Create an account' }).click();
  await learner.getByLabel('Display name').fill('Ada Learner');
  await learner.getByLabel('Email').fill(email);
  await learner.getByLabel('Password').fill('a-long-password-2026');
  await learner.getByRole('button', { name: 'Create account' }).click();
  expect(
    await until(
      () => learner.getByTestId('header-xp').textContent(),
      (text) => Boolean(text?.includes('0 XP')),
    ),
  ).toContain('0 XP');

  // From the quests to one quest, inside the app (no page load from here on).
  await learner.getByRole('link', { name: 'Quests' }).click();
  await learner.getByRole('link', { name: 'Variables: names for values' }).click();
  await learner.getByRole('button', { name: 'Start the quest' }).click();
  for (const [index, step] of ANSWERS.entries()) {
    await learner.getByRole('heading', { name: `Step ${index + 1} of ${ANSWERS.length}` }).waitFor();
    if (index === 1) {
      // A wrong answer first: the step's hint comes with the feedback.
      await learner.getByLabel("<class 'int'>").check();
      await learner.getByRole('button', { name: 'Check my answer' }).click();
      await learner.getByLabel('Hint').getByText('Numbers written with a decimal point').waitFor();
    }
    if (step.kind === 'choice') await learner.getByLabel(step.value).check();
    else await learner.getByRole('textbox', { name: /Your (code|answer)/ }).fill(step.value);
    await learner.getByRole('button', { name: 'Check my answer' }).click();
  }
  await learner.getByTestId('quest-result').waitFor();
  // A mark on this document: a reload would lose it.
  await learner.evaluate(() => document.documentElement.setAttribute('data-no-reload', 'yes'));

  // The header's XP moves by itself (questCompleted → the progress query), then the progress page
  // shows the badge and the notification that notificationAdded brought.
  const awarded = Number(/(\d+) XP/.exec((await learner.getByTestId('quest-result').textContent()) ?? '')?.[1]);
  expect(awarded).toBeGreaterThan(0);
  expect(
    await until(
      () => learner.getByTestId('header-xp').textContent(),
      (text) => Boolean(text?.startsWith(`${awarded} XP`)),
    ),
  ).toMatch(new RegExp(`^${awarded} XP`));
  await learner.getByRole('link', { name: 'Progress', exact: true }).click();
  expect(
    await until(
      () => learner.getByTestId('badges').textContent(),
      (text) => /first/i.test(text ?? ''),
    ),
  ).toMatch(/first/i);
  expect(
    await until(
      () => learner.getByTestId('notifications').textContent(),
      (text) => /badge|first/i.test(text ?? ''),
    ),
  ).toMatch(/badge|first/i);
  // The leaderboard was read before the quest (an empty board the first time): it shows the XP now.
  expect(
    await until(
      () => learner.getByTestId('leaderboard').textContent(),
      (text) => Boolean(text?.includes('Ada Learner') && text.includes(`${awarded} XP`)),
    ),
  ).toContain('Ada Learner');
  expect(await learner.evaluate(() => document.documentElement.getAttribute('data-no-reload'))).toBe('yes');
  // The pictures without the toasts over them.
  await learner.locator('.toast').first().waitFor({ state: 'detached', timeout: 15_000 });
  await screenshot(learner, 'learner-desktop');
  await learner.setViewportSize(PHONE);
  await screenshot(learner, 'learner-phone');

  // The analyst's feed and figures followed, with no reload either.
  const feed = analyst.getByTestId('activity-feed');
  const completions = feed.locator('li[data-type="QUEST_COMPLETED"]').filter({ hasText: 'Ada Learner' });
  expect(
    await until(
      () => completions.count(),
      (count) => count > 0,
    ),
  ).toBe(1);
  expect(
    await until(
      async () => Number(await completedTile.textContent()),
      (count) => count === completedBefore + 1,
    ),
  ).toBe(completedBefore + 1);
  expect(
    await until(
      async () => Number(await chart.getAttribute('data-samples')),
      (count) => count > samplesBefore,
    ),
  ).toBeGreaterThan(samplesBefore);
  // The feed's filter: only quest completions once chosen.
  await analyst.getByLabel('quest completed').check();
  expect(
    await until(
      () => feed.locator('li[data-type]').count(),
      (count) => count > 0,
    ),
  ).toBeGreaterThan(0);
  expect(await feed.locator('li[data-type]:not([data-type="QUEST_COMPLETED"])').count()).toBe(0);
  await analyst.getByLabel('quest completed').uncheck();
  await feed.locator('li[data-type="XP_AWARDED"]').first().waitFor();
  await screenshot(analyst, 'analyst-desktop');
  await analyst.setViewportSize(PHONE);
  await screenshot(analyst, 'analyst-phone');

  expect([...foreign, ...adminForeign]).toEqual([]);
  await Promise.all([context.close(), adminContext.close()]);
}, 120_000);

it('the explorer runs a query against this gateway only', async () => {
  const { context, foreign } = await sameOriginContext(browser, platform.origin, DESKTOP);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${platform.origin}/explorer`);
  const run = page.getByRole('button', { name: /execute query/i });
  const results = page.locator('.graphiql-response');
  await run.waitFor();
  // The editor takes its text a moment after the button shows: run again until an answer shows.
  await until(
    async () => {
      await run.click();
      await sleep(1_000);
      return results.textContent();
    },
    (text) => Boolean(text?.includes('totalCount')),
  );
  expect(
    await until(
      () => results.textContent(),
      (text) => Boolean(text?.includes('totalCount')),
    ),
  ).toMatch(/"totalCount":\s*3/);

  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

/** A new learner plays the first demo quest through the API: XP moves, so the leaderboard changes. */
async function earnXpThroughTheApi(displayName: string): Promise<void> {
  const url = `${platform.origin}/graphql`;
  const { register } = await graphqlData<{ register: { accessToken: string } }>(
    url,
    'mutation R($input: RegisterInput!) { register(input: $input) { accessToken } }',
    { input: { email: `api-${Date.now()}@example.com`, password: 'a-long-password-2026', displayName, role: 'STUDENT' } },
  );
  const token = register.accessToken;
  const { quest } = await graphqlData<{
    quest: { id: string; steps: Array<{ id: string; choices: Array<{ label: string; text: string }> }> };
  }>(url, '{ quest(slug: "python_variables_101") { id steps { id choices { label text } } } }', {}, { token });
  const { startQuest } = await graphqlData<{ startQuest: { id: string } }>(
    url,
    'mutation S($id: ID!) { startQuest(questId: $id) { id } }',
    { id: quest.id },
    { token },
  );
  for (const [index, step] of quest.steps.entries()) {
    const { kind, value } = ANSWERS[index]!;
    const answer = kind === 'choice' ? step.choices.find((choice) => choice.text === value)!.label : value;
    const { submitAnswer } = await graphqlData<{ submitAnswer: { correct: boolean } }>(
      url,
      'mutation A($p: ID!, $s: ID!, $a: String!) { submitAnswer(progressId: $p, stepId: $s, answer: $a) { correct } }',
      { p: startQuest.id, s: step.id, a: answer },
      { token },
    );
    expect(submitAnswer.correct).toBe(true);
  }
}

it('the explorer runs a subscription over this gateway and shows each push', async () => {
  const { context, foreign } = await sameOriginContext(browser, platform.origin, DESKTOP);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  const subscription = 'subscription Board { leaderboardChanged(scope: GLOBAL, first: 20) { rank xp user { displayName } } }';
  await page.goto(`${platform.origin}/explorer?query=${encodeURIComponent(subscription)}`);
  const editor = page.locator('.graphiql-query-editor');
  await until(
    () => editor.textContent(),
    (text) => Boolean(text?.includes('leaderboardChanged')),
  );
  await page.getByRole('button', { name: /execute query/i }).click();
  // Running, the button stops the subscription.
  await page.getByRole('button', { name: /stop/i }).waitFor();

  const results = page.locator('.graphiql-response');
  // One word: the response pane (Monaco) renders spaces as no-break spaces.
  const name = `Subscriber-${Date.now() % 100_000}`;
  await earnXpThroughTheApi(name);
  expect(
    await until(
      () => results.textContent(),
      (text) => Boolean(text?.includes(name)),
    ),
  ).toContain(name);

  const gateway = new URL(platform.origin);
  expect(sockets.length).toBeGreaterThan(0);
  expect(sockets.every((socket) => new URL(socket).host === gateway.host)).toBe(true);
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);
