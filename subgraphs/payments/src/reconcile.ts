/**
 * `npm run payments:reconcile -- --since <date>`: lists Stripe's checkout sessions (with their
 * payments) created since <date> beside payments' orders, repairs what a lost webhook left behind
 * (an order paid, refunded or expired at Stripe but not here) and reports any other difference.
 * Repairs publish their events (PAYMENT_SUCCEEDED, ORDER_REFUNDED) through the outbox as the
 * webhook would have, so courses enrolls or un-enrolls the learner. Needs DATABASE_URL and
 * STRIPE_SECRET_KEY (without a key checkouts are local and there is nothing to reconcile).
 * Exits 1 when a difference is left for a human.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isEmbedded, loadEnv, settingsSource } from '#platform/env.ts';
import { openSubgraphDatabase } from '#platform/db/database.ts';
import { subgraphEvents } from '#platform/events/subgraph-events.ts';
import { ServiceMetrics } from '#platform/metrics.ts';
import { createRuntime } from '#platform/runtime.ts';
import { subgraphSettings } from '#platform/subgraph.ts';
import { loadSubgraph } from '#platform/subgraph-module.ts';
import type { PaymentsDb } from './db.ts';
import catalog from './events/catalog.ts';
import { createPaymentsServices } from './services/index.ts';
import type { PaymentsSettings } from './settings.ts';

const { values } = parseArgs({ options: { since: { type: 'string' } } });
const since = values.since ? new Date(values.since) : undefined;
if (!since || Number.isNaN(since.getTime())) {
  console.error('usage: npm run payments:reconcile -- --since <date> (e.g. 2026-11-01 or 2026-11-01T12:00:00Z)');
  process.exit(2);
}

const source = settingsSource({ dotenv: true });
const env = loadEnv({ source });
const runtime = createRuntime(env, 'payments-reconcile', source);
const subgraph = await loadSubgraph('payments');
const settings = subgraphSettings(subgraph, runtime) as PaymentsSettings;
if (!settings.STRIPE_SECRET_KEY) {
  console.log('STRIPE_SECRET_KEY is not set: checkouts run on the local page, there is nothing at Stripe to reconcile.');
  process.exit(0);
}
if (isEmbedded(env)) {
  console.error('DATABASE_URL is not set: the embedded database belongs to the running `npm start` process.');
  process.exit(2);
}

const logger = runtime.logger.child({ subgraph: 'payments' });
const database = await openSubgraphDatabase(runtime, 'payments', {
  migrationsDir: join(subgraph.root, 'prisma', 'migrations'),
  migrate: false,
});
const db = (await subgraph.createDb(database.adapter)) as PaymentsDb;
const events = subgraphEvents('payments', runtime, logger, new ServiceMetrics('payments_reconcile'), catalog);
// The relay publishes what repairs stage; what it has not published when we stop, payments' own relay will.
events.start(db, []);
let unresolved = 0;
try {
  const services = createPaymentsServices({ db, sql: database.sql, runtime, env, settings, logger, events });
  const report = await services.reconciler.run(since);
  console.log(`${report.sessions} Stripe checkout sessions and ${report.orders} local orders since ${since.toISOString()}`);
  for (const difference of report.differences) {
    console.log(
      `${difference.action.padEnd(8)} order ${difference.orderId ?? '-'} session ${difference.sessionId ?? '-'}: Stripe ${difference.stripe}, local ${difference.local} (${difference.note})`,
    );
    if (difference.action === 'reported') unresolved += 1;
  }
  if (!report.differences.length) console.log('no differences');
} finally {
  await events.stop();
  await db.$disconnect();
  await database.sql.close();
  await runtime.close();
}
process.exit(unresolved ? 1 : 0);
