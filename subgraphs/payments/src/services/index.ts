import { randomBytes } from 'node:crypto';
import { consoleEnabled } from '#platform/env.ts';
import type { SubgraphDeps } from '#platform/subgraph.ts';
import type { PaymentsDb } from '../db.ts';
import type { PaymentsSettings } from '../settings.ts';
import { LocalProvider } from '../stripe/local-provider.ts';
import { publicPath, type PaymentProvider } from '../stripe/provider.ts';
import { StripeProvider, stripeClient } from '../stripe/stripe-provider.ts';
import { CourseCatalog } from './catalog.ts';
import { Checkouts } from './checkout.ts';
import { Coupons } from './coupons.ts';
import { Orders } from './orders.ts';
import { Reconciler } from './reconciler.ts';
import { Refunds } from './refunds.ts';
import { OrderTransitions } from './transitions.ts';
import { Webhooks } from './webhooks.ts';

/** Stripe with a key; the local checkout page without one. */
export const paymentProvider = (settings: PaymentsSettings): PaymentProvider =>
  settings.STRIPE_SECRET_KEY
    ? new StripeProvider(stripeClient(settings, settings.STRIPE_SECRET_KEY), settings.PUBLIC_URL)
    : new LocalProvider(settings.PUBLIC_URL);

export const createPaymentsServices = ({ db, env, events, settings, logger }: SubgraphDeps<PaymentsDb, PaymentsSettings>) => {
  const provider = paymentProvider(settings);
  // Without a key the only webhooks come from this process's own checkout page: a secret of its own.
  const webhookSecret = settings.STRIPE_WEBHOOK_SECRET ?? `whsec_local${randomBytes(24).toString('hex')}`;
  const transitions = new OrderTransitions(events);
  const catalog = new CourseCatalog(db, events);
  const coupons = new Coupons(db);
  const log = logger.child({ component: 'payments' });
  return {
    provider,
    /** Where the success page sends a buyer: the course in the console, when this deployment serves one. */
    coursePage: (slug: string): string | null =>
      consoleEnabled(env) ? publicPath(settings.PUBLIC_URL, `/console/courses/${encodeURIComponent(slug)}`) : null,
    catalog,
    coupons,
    orders: new Orders(db),
    checkouts: new Checkouts(db, events, catalog, coupons, transitions, provider, settings.CHECKOUT_EXPIRES_MINUTES, log),
    refunds: new Refunds(db, events, transitions, provider, log),
    webhooks: new Webhooks(db, events, transitions, provider, webhookSecret, settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS, log),
    reconciler: new Reconciler(db, events, transitions, provider),
  };
};

export type PaymentsServices = ReturnType<typeof createPaymentsServices>;
