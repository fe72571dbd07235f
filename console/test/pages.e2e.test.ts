/**
 * Buying a course, in Chromium against `npm start` (embedded defaults, demo content): from the
 * console's course page to the local checkout page (no Stripe key), cancelled once, then paid, and
 * back to the course, now enrolled; once the course is completed, the link to its certificate and
 * the verification page, VALID, with its PDF. Every link names the gateway's own host: `npm start`
 * derives PUBLIC_URL from PORT.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { graphqlRequest } from '#platform/graphql/client.ts';
import { launchChromium, sameOriginContext, signIn, until } from './browser.ts';
import { startPlatform, type RunningPlatform } from './platform.ts';

const ADMIN = { email: 'admin@doctorpy.dev', password: 'doctorpy-admin-2026' };
/** A demo course whose quiz is not required: completing its lessons completes it. */
const COURSE_SLUG = 'python-data-structures';
const PASSWORD = 'a-long-password-2026';

const ENROLLMENT = `query Enrollment($id: ID!) { course(id: $id) { viewerEnrollment { id status certificate { code verifyUrl } } } }`;

interface Enrollment {
  id: string;
  status: string;
  certificate: { code: string; verifyUrl: string } | null;
}

let platform: RunningPlatform;
let browser: Browser;
let course: { id: string; title: string; lessons: string[] };

async function call<T>(query: string, variables: Record<string, unknown> = {}, token?: string) {
  return graphqlRequest<T>(`${platform.origin}/graphql`, query, variables, { token });
}

async function data<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const { data: answer, errors } = await call<T>(query, variables, token);
  if (errors?.length || !answer) throw new Error(`GraphQL errors: ${JSON.stringify(errors)}`);
  return answer;
}

async function register(displayName: string, email = `pages-${randomUUID()}@example.com`): Promise<string> {
  const { register: session } = await data<{ register: { accessToken: string } }>(
    'mutation R($input: RegisterInput!) { register(input: $input) { accessToken } }',
    { input: { email, password: PASSWORD, displayName, role: 'STUDENT' } },
  );
  return session.accessToken;
}

interface OrderView {
  status: string;
  amountCents: number;
  currency: string;
  paidAt: string | null;
}

/** The learner's orders, newest first. */
const orders = async (token: string) =>
  (
    await data<{ me: { orders: { edges: Array<{ node: OrderView }> } } }>(
      '{ me { orders { edges { node { status amountCents currency paidAt } } } } }',
      {},
      token,
    )
  ).me.orders.edges.map(({ node }) => node);

const enrollmentOf = async (token: string) =>
  (await data<{ course: { viewerEnrollment: Enrollment | null } }>(ENROLLMENT, { id: course.id }, token)).course.viewerEnrollment;

beforeAll(async () => {
  [platform, browser] = await Promise.all([startPlatform(), launchChromium()]);
  const { login } = await data<{ login: { accessToken: string } }>(
    'mutation L($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: ADMIN },
  );
  const { course: found } = await data<{
    course: { id: string; title: string; modules: Array<{ lessons: Array<{ id: string }> }> };
  }>('query C($slug: String) { course(slug: $slug) { id title modules { lessons { id } } } }', { slug: COURSE_SLUG });
  course = { id: found.id, title: found.title, lessons: found.modules.flatMap((module) => module.lessons.map(({ id }) => id)) };
  await data(
    'mutation P($courseId: ID!) { setCoursePrice(courseId: $courseId, amountCents: 1250, currency: "EUR") { id } }',
    { courseId: course.id },
    login.accessToken,
  );
  // courses learns the price from payments' event: a learner's enroll is then refused.
  // A new learner each time: one who got in while the course was still free stays enrolled.
  const refused = await until(
    async () =>
      call(
        'mutation E($courseId: ID!) { enroll(courseId: $courseId) { id } }',
        { courseId: course.id },
        await register('Price probe'),
      ),
    (result) => result.errors?.[0]?.extensions?.code === 'PAYMENT_REQUIRED',
  );
  if (refused.errors?.[0]?.extensions?.code !== 'PAYMENT_REQUIRED')
    throw new Error(`the price never reached courses: ${JSON.stringify(refused)}`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 30_000);

it('a learner buys a course from the console: cancels once, pays on the checkout page, is enrolled; the certificate of the completed course verifies', async () => {
  const email = `buyer-${randomUUID()}@example.com`;
  const token = await register('Checkout Learner', email);
  const { context, foreign } = await sameOriginContext(browser, platform.origin, { width: 1024, height: 800 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await signIn(page, platform.origin, email, PASSWORD);
  const coursePage = `${platform.origin}/console/courses/${COURSE_SLUG}`;
  await page.goto(coursePage);
  const buy = page.getByRole('button', { name: /^Buy for / });
  expect(await buy.textContent()).toMatch(/12[.,]50/);
  expect(await page.getByRole('button', { name: 'Enroll for free' }).count()).toBe(0);

  // Cancel: back on the platform, nothing charged, the order expired, no enrollment.
  await buy.click();
  await page.waitForURL(/\/checkout\/cs_local_/);
  const firstCheckout = page.url();
  await page.getByRole('heading', { name: course.title }).waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('heading', { name: 'Checkout cancelled' }).waitFor();
  const [expired] = await orders(token);
  expect(expired).toMatchObject({ status: 'EXPIRED', paidAt: null });
  expect(await enrollmentOf(token)).toBeNull();
  // Its page again (the back button): closed, no button left to press.
  await page.goto(firstCheckout);
  await page.getByText('This checkout is expired.').waitFor();
  expect(await page.getByRole('button').count()).toBe(0);

  // Pay: the checkout page shows the course and the amount; the success page leads back to the course.
  await page.goto(coursePage);
  await page.getByRole('button', { name: /^Buy for / }).click();
  await page.waitForURL(/\/checkout\/cs_local_/);
  expect(page.url()).not.toBe(firstCheckout);
  const pay = page.getByRole('button', { name: /^Pay / });
  expect(await pay.textContent()).toBe('Pay 12.50 EUR');
  await pay.click();
  await page.getByRole('heading', { name: 'Thank you!' }).waitFor();
  expect(await page.getByText(`Your payment for ${course.title} was received: the course is yours.`).isVisible()).toBe(true);
  const paid = (await orders(token)).find((order) => order.status === 'PAID');
  expect(paid).toMatchObject({ amountCents: 1250, currency: 'EUR', paidAt: expect.any(String) });
  await page.getByRole('link', { name: 'Go to the course' }).click();
  await page.waitForURL(coursePage);
  // courses enrolls the buyer when PAYMENT_SUCCEEDED arrives: the page shows it after a reload at most.
  const progress = page.getByRole('progressbar', { name: 'Course progress' });
  const enrolled = await until(async () => {
    if (await progress.count()) return true;
    await page.reload();
    await page.getByRole('navigation', { name: 'Lessons' }).waitFor();
    return (await progress.count()) > 0;
  }, Boolean);
  expect(enrolled).toBe(true);
  expect(await page.getByRole('button', { name: /^Buy for / }).count()).toBe(0);

  // The bought course, completed: its page links the certificate, whose page verifies it.
  for (const lessonId of course.lessons)
    await data('mutation C($lessonId: ID!) { completeLesson(lessonId: $lessonId) { id } }', { lessonId }, token);
  const certified = await until(
    () => enrollmentOf(token),
    (value) => Boolean(value?.certificate),
  );
  const { code, verifyUrl } = certified!.certificate!;
  expect(verifyUrl).toBe(`${platform.origin}/certificates/${code}`);
  await page.reload();
  await page.getByRole('link', { name: `Your certificate (${code})` }).click();
  await page.waitForURL(verifyUrl);
  await page.getByRole('heading', { name: 'Certificate of Completion' }).waitFor();
  expect(await page.getByText('VALID', { exact: true }).isVisible()).toBe(true);
  expect(await page.getByText('Checkout Learner').isVisible()).toBe(true);
  expect(await page.getByText(course.title).isVisible()).toBe(true);
  const [pdf] = await Promise.all([
    page.waitForResponse((response) => response.url().endsWith(`/certificates/${code}.pdf`)),
    page.getByRole('link', { name: 'Download the certificate (PDF)' }).click(),
  ]);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');

  expect(errors).toEqual([]);
  expect(foreign).toEqual([]);
  await context.close();
}, 150_000);
