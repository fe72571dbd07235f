/**
 * Without a Stripe key: the local checkout page, driven over HTTP through the gateway's host as a
 * browser would (GET the page, post the form), pays by sending a signed webhook to the same
 * handler; Cancel expires the checkout.
 */
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import { errorCode } from '#gateway/testing/operations.ts';
import { eventually, startTestStack, type TestStack, type TestUser } from '#gateway/testing/stack.ts';
import type { PaymentsServices } from '../src/services/index.ts';
import { CHECKOUT, ENROLLMENT, ORDER, paymentsSql, priceCourse, publishedCourse, type Checkout } from './fixtures.ts';

let platform: TestStack;
let sql: ReturnType<typeof paymentsSql>;
let instructor: TestUser;
let courseId: string;
let origin: string;

beforeAll(async () => {
  platform = await startTestStack({ subgraphs: ['accounts', 'courses', 'payments'] });
  origin = new URL(platform.url).origin;
  sql = paymentsSql(platform);
  instructor = await platform.signUp('INSTRUCTOR');
  courseId = await publishedCourse(platform, instructor);
  await priceCourse(platform, instructor, courseId, 1999, 'USD');
}, 60_000);

afterAll(async () => {
  await sql?.end();
  await platform?.close();
});

/** The page of a checkout, on the gateway's host (its URL names the configured public host). */
const pageOf = (checkout: Checkout) => `${origin}${new URL(checkout.url).pathname}`;
const submit = (url: string, action: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action }).toString(),
    redirect: 'manual',
  });

async function start(learner: TestUser): Promise<Checkout> {
  const { checkoutCourse } = await platform.data<{ checkoutCourse: Checkout }>(CHECKOUT, { courseId }, learner.accessToken);
  return checkoutCourse;
}

it('pays through the local page: the order is paid and the learner enrolled', async () => {
  const learner = await platform.signUp();
  const checkout = await start(learner);
  expect(checkout.url).toMatch(/^http:\/\/localhost:4000\/checkout\/cs_local_/);

  const page = await fetch(pageOf(checkout));
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('19.99 USD');
  expect(html).toContain('Paid Python');
  expect(html).toMatch(/<button name="action" value="pay">/);
  expect(html).toMatch(/<button name="action" value="cancel">/);

  // Paying goes through the Stripe webhook handler, with a signed event of its own.
  const { webhooks } = platform.stack.subgraphs.get('payments')!.services as PaymentsServices;
  const receive = jest.spyOn(webhooks, 'receive');
  let paid: Response;
  let calls: typeof receive.mock.calls;
  let results: typeof receive.mock.results;
  try {
    paid = await submit(pageOf(checkout), 'pay');
  } finally {
    // Restoring clears what the spy recorded.
    ({ calls, results } = receive.mock);
    receive.mockRestore();
  }
  expect(calls).toHaveLength(1);
  const [body, signature] = calls[0]!;
  expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}/);
  const event = JSON.parse(body.toString()) as { id: string };
  expect(event).toMatchObject({
    id: expect.stringMatching(/^evt_local_[0-9a-f]+$/),
    type: 'checkout.session.completed',
    data: { object: { id: checkout.id, client_reference_id: checkout.order.id, payment_status: 'paid', amount_total: 1999 } },
  });
  await expect(results[0]!.value).resolves.toEqual({ status: 200, handled: 'applied' });
  // The handler's inbox holds the event, as it holds Stripe's.
  const inbox = await sql.query(`SELECT id, type FROM "StripeEvent" WHERE id = $1`, [event.id]);
  expect(inbox.rows).toEqual([{ id: event.id, type: 'checkout.session.completed' }]);
  expect(paid.status).toBe(303);
  expect(paid.headers.get('location')).toBe(`/checkout/success?session_id=${checkout.id}`);
  const success = await fetch(`${origin}${paid.headers.get('location')}`);
  expect(success.status).toBe(200);
  const thanks = await success.text();
  expect(thanks).toMatch(/Your payment for <strong>Paid Python [^<]+<\/strong> was received/);
  expect(thanks).toMatch(/<a href="http:\/\/localhost:4000\/console\/courses\/[\w-]+">Go to the course<\/a>/);

  const { order } = await platform.data<{ order: { status: string; paidAt: string | null } }>(
    ORDER,
    { id: checkout.order.id },
    learner.accessToken,
  );
  expect(order.status).toBe('PAID');
  await eventually(async () => {
    const { course } = await platform.data<{ course: { viewerEnrollment: { status: string } | null } }>(
      ENROLLMENT,
      { id: courseId },
      learner.accessToken,
    );
    return course.viewerEnrollment?.status === 'ACTIVE' ? true : undefined;
  });
  // Paying twice is refused: the checkout is closed.
  expect((await submit(pageOf(checkout), 'pay')).status).toBe(409);
});

it('cancels through the local page: the order expires, and a new checkout starts afresh', async () => {
  const learner = await platform.signUp();
  const checkout = await start(learner);
  const cancelled = await submit(pageOf(checkout), 'cancel');
  expect(cancelled.status).toBe(303);
  expect(cancelled.headers.get('location')).toBe('/checkout/cancelled');
  const { order } = await platform.data<{ order: { status: string } }>(ORDER, { id: checkout.order.id }, learner.accessToken);
  expect(order.status).toBe('EXPIRED');
  expect((await start(learner)).id).not.toBe(checkout.id);
});

it('refuses unknown actions, unknown sessions and forged webhooks', async () => {
  const learner = await platform.signUp();
  const checkout = await start(learner);
  expect((await submit(pageOf(checkout), 'steal')).status).toBe(400);
  expect((await submit(pageOf(checkout), '')).status).toBe(400);
  expect((await fetch(`${origin}/checkout/cs_local_nope`)).status).toBe(404);
  expect((await fetch(`${origin}/checkout/cs_test_elsewhere`)).status).toBe(404);
  // The success page names a course only for a checkout it knows, and escapes nothing it was sent.
  for (const sessionId of ['cs_local_nope', '<script>alert(1)</script>', 'x'.repeat(5_000), '']) {
    const success = await fetch(`${origin}/checkout/success?session_id=${encodeURIComponent(sessionId)}`);
    expect(success.status).toBe(200);
    const html = await success.text();
    expect(html).toContain('Your payment was received.');
    expect(html).not.toContain('<script>');
  }
  const pending = await fetch(`${origin}/checkout/success?session_id=${checkout.id}`);
  expect(await pending.text()).toMatch(/is being confirmed: the course opens in a moment/);
  const forged = await fetch(`${origin}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
    body: JSON.stringify({
      id: 'evt_x',
      type: 'checkout.session.completed',
      data: { object: { client_reference_id: checkout.order.id } },
    }),
  });
  expect(forged.status).toBe(400);
  const { order } = await platform.data<{ order: { status: string } }>(ORDER, { id: checkout.order.id }, learner.accessToken);
  expect(order.status).toBe('PENDING');
  // The subgraph's /graphql still needs the gateway's signature; its public paths do not open it.
  const direct = await fetch(platform.stack.subgraphUrls.payments!, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(direct.status).toBe(401);
  expect(errorCode(await platform.gql(CHECKOUT, { courseId: '\u0000' }, learner.accessToken))).toBe('BAD_USER_INPUT');
});
