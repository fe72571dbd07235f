/**
 * The offline GraphQL explorer: GraphiQL from the npm package's own files (its Monaco editor
 * workers bundled by Vite), queries over HTTP and subscriptions over graphql-ws, both to the
 * gateway this page came from.
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './explorer.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { graphqlUrls } from './urls';

const { http, ws } = graphqlUrls();
// Subscriptions open a socket of their own whose connection_init carries the Headers pane (the
// gateway reads `authorization` there), so signed-in subscriptions work as queries do.
const fetcher = createGraphiQLFetcher({ url: http, subscriptionUrl: ws });

// A link can open the explorer on an operation: /explorer?query=...&variables=...&headers=...
const linked = new URLSearchParams(window.location.search);
const initial = {
  ...(linked.get('query') ? { initialQuery: linked.get('query')! } : {}),
  ...(linked.get('variables') ? { initialVariables: linked.get('variables')! } : {}),
  ...(linked.get('headers') ? { initialHeaders: linked.get('headers')! } : {}),
};

const DEFAULT_QUERY = `# DoctorPy's federated API. Sign in with the login mutation, then put
#   { "authorization": "Bearer <accessToken>" } in Headers.
query Catalogue {
  courses(first: 5) {
    totalCount
    edges { node { title level lessonCount instructor { displayName } } }
  }
}
`;

createRoot(document.getElementById('explorer')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} {...initial} />
  </StrictMode>,
);
