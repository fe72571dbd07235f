/** The accounts subgraph: identity, credentials, sessions, roles, JWKS, security audit. */
import { fileURLToPath } from 'node:url';
import { defineSubgraph } from '#platform/subgraph.ts';
import { createAccountsDb } from './db.ts';
import events from './events/catalog.ts';
import { createAccountsLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createAccountsServices } from './services/index.ts';

export default defineSubgraph({
  name: 'accounts',
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolvers,
  createDb: createAccountsDb,
  createServices: createAccountsServices,
  createLoaders: createAccountsLoaders,
  policies: {
    self: ({ viewer, parent }) => Boolean(viewer) && (parent as { id: string }).id === viewer?.userId,
  },
  routes(app, { keys }) {
    app.get('/.well-known/jwks.json', async (_req, res) => {
      res.set('cache-control', 'public, max-age=300').json(await keys.jwks());
    });
  },
  events: { publishes: events },
  async onStart({ keys, accounts }, { env }) {
    await keys.ensureActiveKey();
    if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) await accounts.ensureAdmin(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
  },
});
