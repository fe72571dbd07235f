/** The payments subgraph: course prices, Stripe Checkout, signed webhooks, refunds and coupons. */
import { rolePolicy } from '#platform/auth/directives.ts';
import { defineSubgraph } from '#platform/subgraph.ts';
import { checkoutRoutes } from './checkout-page.ts';
import events from './events/catalog.ts';
import { paymentsConsumers } from './events/consumers.ts';
import { createPaymentsLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createPaymentsServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createPaymentsServices,
  createLoaders: createPaymentsLoaders,
  events: { publishes: events, consumers: paymentsConsumers },
  routes: checkoutRoutes,
  policies: {
    self: ({ viewer, parent }) => Boolean(viewer) && (parent as { id: string }).id === viewer?.userId,
    admin: rolePolicy('ADMIN'),
  },
});
