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
import { createClient } from 'graphql-ws';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { graphqlUrls } from './urls';

const { http, ws } = graphqlUrls();
const fetcher = createGraphiQLFetcher({ url: http, wsClient: createClient({ url: ws, lazy: true }) });

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
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} />
  </StrictMode>,
);
