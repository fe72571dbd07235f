/**
 * The local checkout page (no Stripe key): `Checkout.url` opens it through the gateway's host. It
 * shows the course and the amount; Pay and Cancel post `action=pay|cancel` to the same URL, which
 * sends a signed, Stripe-shaped webhook event (checkout.session.completed or .expired) to the same
 * handler as Stripe's, then redirects to the success or cancelled page.
 */
import { randomBytes } from 'node:crypto';
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import { formatMoney } from './rules/pricing.ts';
import type { PaymentsServices } from './services/index.ts';
import { LOCAL_SESSION_PREFIX } from './stripe/local-provider.ts';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · DoctorPy</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}
.amount{font-size:2rem;font-weight:600}button{font-size:1rem;padding:.6rem 1.4rem;margin-right:.5rem;cursor:pointer}
.note{color:#57606a;font-size:.9rem}</style></head>
<body>${body}</body></html>`;

/** Express 5 forwards a rejected promise to the error handler; this says so to the linter too. */
const handle =
  (work: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  async (req, res, next) => {
    try {
      await work(req, res);
    } catch (error) {
      next(error);
    }
  };

const id = () => randomBytes(12).toString('hex');

/** A Stripe event around a checkout session, as Stripe's webhooks carry it. */
function sessionEvent(
  type: 'checkout.session.completed' | 'checkout.session.expired',
  session: { id: string; orderId: string; amountCents: number; currency: string },
) {
  const paid = type === 'checkout.session.completed';
  return {
    id: `evt_local_${id()}`,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 0,
    request: null,
    data: {
      object: {
        id: session.id,
        object: 'checkout.session',
        mode: 'payment',
        client_reference_id: session.orderId,
        metadata: { orderId: session.orderId },
        status: paid ? 'complete' : 'expired',
        payment_status: paid ? 'paid' : 'unpaid',
        payment_intent: paid ? `pi_local_${id()}` : null,
        amount_total: session.amountCents,
        currency: session.currency.toLowerCase(),
      },
    },
  };
}

export function checkoutRoutes(app: Express, services: PaymentsServices): void {
  const { webhooks } = services;

  // Stripe's webhooks: the signature covers the raw bytes, so the body is not parsed before checking it.
  app.post(
    '/webhooks/stripe',
    express.raw({ type: () => true, limit: '1mb' }),
    handle(async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const outcome = await webhooks.receive(body, req.header('stripe-signature'));
      res
        .status(outcome.status)
        .json(outcome.status === 200 ? { received: true, handled: outcome.handled } : { error: outcome.error });
    }),
  );

  // Stripe (and the local page) come back here with the session id. The webhook may not have
  // arrived yet with Stripe: the page then says the payment is being confirmed.
  app.get(
    '/checkout/success',
    handle(async (req, res) => {
      const sessionId = typeof req.query.session_id === 'string' ? req.query.session_id.slice(0, 255) : '';
      const order = sessionId ? await services.orders.bySession(sessionId) : null;
      const course = order ? await services.catalog.course(order.courseId) : null;
      if (!order || !course) {
        res.type('html').send(page('Payment received', '<h1>Thank you!</h1><p>Your payment was received.</p>'));
        return;
      }
      const title = `<strong>${escape(course.title)}</strong>`;
      const said =
        order.status === 'PAID'
          ? `<p>Your payment for ${title} was received: the course is yours.</p>`
          : `<p>Your payment for ${title} is being confirmed: the course opens in a moment.</p>`;
      const link = services.coursePage(course.slug);
      res
        .type('html')
        .send(
          page(
            'Payment received',
            `<h1>Thank you!</h1>${said}${link ? `<p><a href="${escape(link)}">Go to the course</a></p>` : ''}`,
          ),
        );
    }),
  );
  app.get('/checkout/cancelled', (_req, res) => {
    res.type('html').send(page('Checkout cancelled', '<h1>Checkout cancelled</h1><p>Nothing was charged.</p>'));
  });

  const localOrder = async (req: Request, res: Response) => {
    const sessionId = String(req.params.sessionId);
    const order = sessionId.startsWith(LOCAL_SESSION_PREFIX) ? await services.orders.bySession(sessionId) : null;
    if (!order) res.status(404).type('html').send(page('Not found', '<h1>This checkout does not exist</h1>'));
    return order;
  };

  app.get(
    '/checkout/:sessionId',
    handle(async (req, res) => {
      const order = await localOrder(req, res);
      if (!order) return;
      const course = await services.catalog.course(order.courseId);
      const open = order.status === 'PENDING' || order.status === 'FAILED';
      const discount = order.discountCents
        ? `<p class="note">Coupon applied: ${escape(formatMoney(order.discountCents, order.currency))} off.</p>`
        : '';
      const actions = open
        ? `<form method="post"><button name="action" value="pay">Pay ${escape(formatMoney(order.amountCents, order.currency))}</button>` +
          `<button name="action" value="cancel">Cancel</button></form>` +
          '<p class="note">Local checkout: no Stripe key is set, so no card is needed and nothing is charged.</p>'
        : `<p>This checkout is ${escape(order.status.toLowerCase())}.</p>`;
      res
        .type('html')
        .send(
          page(
            'Checkout',
            `<h1>${escape(course?.title ?? 'Course')}</h1><p class="amount">${escape(formatMoney(order.amountCents, order.currency))}</p>${discount}${actions}`,
          ),
        );
    }),
  );

  app.post(
    '/checkout/:sessionId',
    express.urlencoded({ extended: false, limit: '4kb' }),
    handle(async (req, res) => {
      const action = (req.body as Record<string, unknown> | undefined)?.action;
      if (action !== 'pay' && action !== 'cancel') {
        res.status(400).type('html').send(page('Bad request', '<h1>Choose Pay or Cancel</h1>'));
        return;
      }
      const order = await localOrder(req, res);
      if (!order) return;
      if (order.status !== 'PENDING' && order.status !== 'FAILED') {
        res
          .status(409)
          .type('html')
          .send(page('Checkout closed', `<h1>This checkout is ${escape(order.status.toLowerCase())}</h1>`));
        return;
      }
      const type = action === 'pay' ? 'checkout.session.completed' : 'checkout.session.expired';
      const payload = JSON.stringify(
        sessionEvent(type, {
          id: order.checkoutSessionId!,
          orderId: order.id,
          amountCents: order.amountCents,
          currency: order.currency,
        }),
      );
      const outcome = await webhooks.receive(Buffer.from(payload), webhooks.sign(payload));
      if (outcome.status !== 200) throw new Error(`local webhook refused: ${outcome.error}`);
      res.redirect(
        303,
        action === 'pay' ? `/checkout/success?session_id=${encodeURIComponent(order.checkoutSessionId!)}` : '/checkout/cancelled',
      );
    }),
  );
}
