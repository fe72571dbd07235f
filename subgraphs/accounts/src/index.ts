/** The accounts subgraph: identity, credentials, sessions, roles, JWKS, security audit. */
import { rolePolicy } from '#platform/auth/directives.ts';
import { defineSubgraph } from '#platform/subgraph.ts';
import events from './events/catalog.ts';
import { createAccountsLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import { createAccountsServices } from './services/index.ts';

export default defineSubgraph({
  resolvers,
  createServices: createAccountsServices,
  createLoaders: createAccountsLoaders,
  policies: {
    self: ({ viewer, parent }) => Boolean(viewer) && (parent as { id: string }).id === viewer?.userId,
    admin: rolePolicy('ADMIN'),
  },
  routes(app, { keys }) {
    app.get('/.well-known/jwks.json', async (_req, res) => {
      res.set('cache-control', 'public, max-age=300').json(await keys.jwks());
    });
  },
  events: { publishes: events },
  async onStart({ keys, accounts }, { settings: { ADMIN_EMAIL, ADMIN_PASSWORD } }) {
    await keys.ensureActiveKey();
    if (ADMIN_EMAIL && ADMIN_PASSWORD) await accounts.ensureAdmin(ADMIN_EMAIL, ADMIN_PASSWORD);
  },
});
