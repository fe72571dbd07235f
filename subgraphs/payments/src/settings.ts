/**
 * The payments subgraph's own settings. Without STRIPE_SECRET_KEY the checkout runs on a local page
 * served by payments (nothing leaves the machine); with one, on Stripe. `compose` (zod metadata) is
 * what docker-compose.yml passes to the payments container from the host's .env.
 */
import { z } from 'zod';
import { optional, positiveInt, url } from '#platform/env.ts';

export const settings = z
  .object({
    // A secret (sk_...) or restricted (rk_...) key; test mode keys (sk_test_...) for stripe listen.
    STRIPE_SECRET_KEY: optional(z.string().regex(/^(sk|rk)_\w+$/, 'must be a Stripe secret key (sk_... or rk_...)')).meta({
      compose: '${STRIPE_SECRET_KEY:-}',
    }),
    // The signing secret of the webhook endpoint (whsec_...); required with a key.
    STRIPE_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_\w+$/, 'must be a webhook signing secret (whsec_...)')).meta({
      compose: '${STRIPE_WEBHOOK_SECRET:-}',
    }),
    // Another Stripe API address (stripe-mock, a recording test server); Stripe's own by default.
    STRIPE_API_URL: optional(url(['http:', 'https:'])).meta({ compose: '${STRIPE_API_URL:-}' }),
    // How old a webhook's signature may be.
    STRIPE_WEBHOOK_TOLERANCE_SECONDS: positiveInt
      .max(3_600)
      .default(300)
      .meta({ compose: '${STRIPE_WEBHOOK_TOLERANCE_SECONDS:-300}' }),
    // Stripe accepts 30 minutes to 24 hours.
    CHECKOUT_EXPIRES_MINUTES: z.coerce
      .number()
      .int()
      .min(30)
      .max(1_440)
      .default(60)
      .meta({ compose: '${CHECKOUT_EXPIRES_MINUTES:-60}' }),
    // Where learners reach the platform: the local checkout page and Stripe's return pages point there.
    PUBLIC_URL: url(['http:', 'https:'])
      .default('http://localhost:4000')
      .meta({ compose: '${PUBLIC_URL:-http://localhost:4000}' }),
  })
  .refine((values) => !values.STRIPE_SECRET_KEY || Boolean(values.STRIPE_WEBHOOK_SECRET), {
    message: 'STRIPE_WEBHOOK_SECRET must be set with STRIPE_SECRET_KEY (stripe listen prints it)',
    path: ['STRIPE_WEBHOOK_SECRET'],
  });

export type PaymentsSettings = z.infer<typeof settings>;
