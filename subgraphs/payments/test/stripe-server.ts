/**
 * A local HTTP server speaking the Stripe API endpoints payments uses (checkout sessions: create,
 * list, expire; payment intents: retrieve; refunds: create), with Stripe's idempotency keys, that
 * records every request. Tests move its sessions (pay, expire, fail, refund) and build the webhook
 * events Stripe would send, signed with the SDK's test header helper.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Stripe } from 'stripe';

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  form: URLSearchParams;
}

interface FakeSession {
  id: string;
  object: 'checkout.session';
  mode: 'payment';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  client_reference_id: string | null;
  metadata: Record<string, string>;
  amount_total: number;
  currency: string;
  created: number;
  expires_at: number;
  url: string;
  payment_intent: string | null;
  success_url: string;
  cancel_url: string;
}

interface FakeCharge {
  id: string;
  object: 'charge';
  payment_intent: string;
  amount: number;
  amount_refunded: number;
  refunded: boolean;
  receipt_url: string;
  metadata: Record<string, string>;
  refunds: { object: 'list'; data: Array<{ id: string; object: 'refund' }> };
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** Form fields of a nested key: metadata[orderId] → { orderId }. */
const nested = (form: URLSearchParams, prefix: string): Record<string, string> =>
  Object.fromEntries(
    [...form.entries()]
      .filter(([key]) => key.startsWith(`${prefix}[`))
      .map(([key, value]) => [key.slice(prefix.length + 1, -1), value]),
  );

export class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  readonly sessions = new Map<string, FakeSession>();
  readonly charges = new Map<string, FakeCharge>();
  /** Answers the next N calls with a 500 (a provider outage). */
  failNext = 0;
  private readonly idempotent = new Map<string, { status: number; body: unknown }>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter(
      (request) => request.method === method && (typeof path === 'string' ? request.path === path : path.test(request.path)),
    );
  }

  sessionOfOrder(orderId: string): FakeSession {
    const session = [...this.sessions.values()].find((candidate) => candidate.client_reference_id === orderId);
    if (!session) throw new Error(`no session for order ${orderId}`);
    return session;
  }

  /** The learner paid: the session completes, with a payment intent and its charge. */
  pay(sessionId: string): FakeSession {
    const session = this.sessions.get(sessionId)!;
    const paymentIntent = id('pi');
    const charge: FakeCharge = {
      id: id('ch'),
      object: 'charge',
      payment_intent: paymentIntent,
      amount: session.amount_total,
      amount_refunded: 0,
      refunded: false,
      receipt_url: `https://pay.stripe.com/receipts/${paymentIntent}`,
      metadata: { ...session.metadata },
      refunds: { object: 'list', data: [] },
    };
    this.charges.set(paymentIntent, charge);
    Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: paymentIntent });
    return session;
  }

  expire(sessionId: string): FakeSession {
    const session = this.sessions.get(sessionId)!;
    session.status = 'expired';
    return session;
  }

  /** A Stripe event around `object`, as its webhooks deliver it. */
  event(type: string, object: unknown, eventId = id('evt')): { id: string; payload: string } {
    const payload = JSON.stringify({
      id: eventId,
      object: 'event',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object },
    });
    return { id: eventId, payload };
  }

  static sign(payload: string, secret: string, timestamp?: number): string {
    return Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    const form = new URLSearchParams(req.method === 'GET' ? url.search : Buffer.concat(chunks).toString('utf8'));
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, idempotencyKey, form });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
      res.end(JSON.stringify(body));
    };
    if (this.failNext > 0) {
      this.failNext -= 1;
      return send(500, { error: { type: 'api_error', message: 'An unknown error occurred' } });
    }
    const cacheKey = idempotencyKey && `${req.method} ${url.pathname} ${idempotencyKey}`;
    const replay = cacheKey ? this.idempotent.get(cacheKey) : undefined;
    if (replay) return send(replay.status, replay.body);
    const { status, body } = this.route(req.method ?? 'GET', url.pathname, form);
    if (cacheKey && status < 500) this.idempotent.set(cacheKey, { status, body });
    send(status, body);
  }

  private route(method: string, path: string, form: URLSearchParams): { status: number; body: unknown } {
    const notFound = {
      status: 404,
      body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${path}` } },
    };
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const sessionId = id('cs_test');
      const session: FakeSession = {
        id: sessionId,
        object: 'checkout.session',
        mode: 'payment',
        status: 'open',
        payment_status: 'unpaid',
        client_reference_id: form.get('client_reference_id'),
        metadata: nested(form, 'metadata'),
        amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
        currency: form.get('line_items[0][price_data][currency]') ?? 'eur',
        created: Math.floor(Date.now() / 1000),
        expires_at: Number(form.get('expires_at')),
        url: `https://checkout.stripe.com/c/pay/${sessionId}`,
        payment_intent: null,
        success_url: form.get('success_url') ?? '',
        cancel_url: form.get('cancel_url') ?? '',
      };
      this.sessions.set(sessionId, session);
      return { status: 200, body: session };
    }
    if (method === 'GET' && path === '/v1/checkout/sessions') {
      const since = Number(form.get('created[gte]') ?? 0);
      const limit = Number(form.get('limit') ?? 10);
      const after = form.get('starting_after');
      // The SDK sends arrays with indices: expand[0]=...
      const expand = [...form.entries()].some(
        ([key, value]) => key.startsWith('expand[') && value === 'data.payment_intent.latest_charge',
      );
      let all = [...this.sessions.values()].filter((session) => session.created >= since).reverse();
      if (after) all = all.slice(all.findIndex((session) => session.id === after) + 1);
      const page = all.slice(0, limit).map((session) =>
        expand && session.payment_intent
          ? {
              ...session,
              payment_intent: {
                id: session.payment_intent,
                object: 'payment_intent',
                latest_charge: this.charges.get(session.payment_intent),
              },
            }
          : session,
      );
      return { status: 200, body: { object: 'list', url: path, has_more: all.length > limit, data: page } };
    }
    const expire = /^\/v1\/checkout\/sessions\/([\w]+)\/expire$/.exec(path);
    if (method === 'POST' && expire) {
      const session = this.sessions.get(expire[1]!);
      if (!session) return notFound;
      if (session.status === 'open') session.status = 'expired';
      return { status: 200, body: session };
    }
    const intent = /^\/v1\/payment_intents\/([\w]+)$/.exec(path);
    if (method === 'GET' && intent) {
      const charge = this.charges.get(intent[1]!);
      if (!charge) return notFound;
      return { status: 200, body: { id: intent[1], object: 'payment_intent', status: 'succeeded', latest_charge: charge } };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const charge = this.charges.get(form.get('payment_intent') ?? '');
      if (!charge) return notFound;
      if (charge.refunded)
        return {
          status: 400,
          body: {
            error: {
              type: 'invalid_request_error',
              code: 'charge_already_refunded',
              message: 'Charge has already been refunded.',
            },
          },
        };
      const refund = {
        id: id('re'),
        object: 'refund',
        payment_intent: charge.payment_intent,
        amount: charge.amount,
        status: 'succeeded',
      };
      Object.assign(charge, { refunded: true, amount_refunded: charge.amount });
      charge.refunds.data.push({ id: refund.id, object: 'refund' });
      return { status: 200, body: refund };
    }
    return notFound;
  }
}
