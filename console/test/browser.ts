/**
 * Debian's Chromium through playwright-core, headless, with nothing on the network but what a page
 * asks for; what the end-to-end tests share around it (same-origin contexts, polling, signing in).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A context whose requests to any origin but `origin` are aborted and recorded, page errors logged. */
export async function sameOriginContext(
  browser: Browser,
  origin: string,
  viewport: { width: number; height: number },
): Promise<{ context: BrowserContext; foreign: string[] }> {
  const context = await browser.newContext({ viewport });
  context.on('weberror', (error) => console.error('page error:', error.error().message));
  context.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Loading the font'))
      console.error('page console:', message.text());
  });
  // playwright-core waits forever by default: a missing element fails the test instead.
  context.setDefaultTimeout(20_000);
  const foreign: string[] = [];
  const isForeign = (url: URL) => url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:';
  // Only other origins are intercepted (aborted); every request the pages make is also recorded.
  await context.route(isForeign, (route) => {
    foreign.push(route.request().url());
    return route.abort();
  });
  context.on('request', (request) => {
    if (isForeign(new URL(request.url())) && !foreign.includes(request.url())) foreign.push(request.url());
  });
  return { context, foreign };
}

/** What `read` returns once `ok` accepts it, read again every 200 ms for up to `timeoutMs` (the last value then). */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await sleep(200);
    value = await read();
  }
  return value;
}

/** Signs in on the console of `origin`; resolves once its main navigation shows. */
export async function signIn(page: Page, origin: string, email: string, password: string): Promise<void> {
  await page.goto(`${origin}/console/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}
