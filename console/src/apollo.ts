/**
 * The Apollo Client of a session: HTTP for queries and mutations, graphql-ws for subscriptions,
 * both to the gateway's /graphql on this origin, both with the session's access token. An answer
 * UNAUTHENTICATED (a token that expired or was revoked) is retried once after a refresh; a socket
 * the gateway closed for an expired token reconnects with a fresh one.
 */
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { from, mergeMap, type Observable } from 'rxjs';
import type { Session } from './session';
import { graphqlUrls } from './urls';

const unauthenticated = (result: ApolloLink.Result) =>
  result.errors?.some((error) => error.extensions?.['code'] === 'UNAUTHENTICATED') ?? false;

const withToken = (operation: ApolloLink.Operation, token: string | undefined) =>
  operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
    headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers,
  }));

export function createApolloClient(session: Session): { client: ApolloClient; dispose(): void } {
  const urls = graphqlUrls();

  const auth = new ApolloLink((operation, forward): Observable<ApolloLink.Result> =>
    from(session.token()).pipe(
      mergeMap((token) => {
        withToken(operation, token);
        return forward(operation).pipe(
          mergeMap((result) =>
            token && unauthenticated(result)
              ? from(session.refresh()).pipe(
                  mergeMap((fresh) => {
                    withToken(operation, fresh);
                    return forward(operation);
                  }),
                )
              : [result],
          ),
        );
      }),
    ),
  );

  const ws = createClient({
    url: urls.ws,
    lazy: true,
    connectionParams: async () => {
      const token = await session.token();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
  });

  const link = ApolloLink.split(
    ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
    new GraphQLWsLink(ws),
    ApolloLink.from([auth, new HttpLink({ uri: urls.http })]),
  );
  const client = new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        // Singletons and lists the console replaces whole when they change.
        Query: { fields: { leaderboard: { merge: false }, recentActivity: { merge: false } } },
        User: { fields: { badges: { merge: false } } },
      },
    }),
  });
  return {
    client,
    dispose: () => {
      void ws.dispose();
      client.stop();
    },
  };
}
