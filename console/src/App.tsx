/**
 * The console: a sign-in screen, then the learner's pages and, for analysts and admins, the
 * analytics dashboard. Each session gets its own Apollo Client (its own cache and socket).
 */
import { ApolloProvider } from '@apollo/client/react';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { createApolloClient } from './apollo';
import { Layout } from './Layout';
import { Session } from './session';
import { SignIn } from './views/SignIn';

const session = new Session();

export function App() {
  const user = useSyncExternalStore(
    (notify) => session.subscribe(notify),
    () => session.user,
  );
  // A reload starts signed out; the stored refresh token (rotated here) signs back in.
  const [restoring, setRestoring] = useState(session.hasRefreshToken);
  useEffect(() => {
    if (restoring) void session.refresh().finally(() => setRestoring(false));
  }, [restoring]);

  const apollo = useMemo(() => (user ? createApolloClient(session) : undefined), [user?.id]);
  useEffect(() => () => apollo?.dispose(), [apollo]);

  if (restoring) return <p className="splash">Signing you back in…</p>;
  if (!user || !apollo) return <SignIn session={session} />;
  return (
    <ApolloProvider client={apollo.client}>
      <Layout user={user} onSignOut={() => void session.logout()} />
    </ApolloProvider>
  );
}
