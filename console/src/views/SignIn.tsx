/** Sign in, or create a learner account. */
import { useState, type FormEvent } from 'react';
import type { Session } from '../session';

export function SignIn({ session }: { session: Session }) {
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '');
    setBusy(true);
    setError(undefined);
    try {
      if (mode === 'login') await session.login(field('email'), field('password'));
      else await session.register(field('email'), field('password'), field('displayName'));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  }

  return (
    <main className="signin" id="main">
      <div className="signin-card">
        <div className="brand big">
          <img src="/console/favicon.svg" alt="" width="40" height="40" />
          <span>DoctorPy</span>
        </div>
        <h1>{mode === 'login' ? 'Sign in' : 'Create your learner account'}</h1>
        <p className="muted">Python courses, quests and a tutor that cites its sources.</p>
        <form onSubmit={(event) => void submit(event)}>
          {mode === 'register' && (
            <label>
              Display name
              <input name="displayName" autoComplete="nickname" required minLength={2} maxLength={80} />
            </label>
          )}
          <label>
            Email
            <input name="email" type="email" autoComplete="email" required />
          </label>
          <label>
            Password
            <input
              name="password"
              type="password"
              autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
              required
              minLength={mode === 'register' ? 10 : 1}
            />
          </label>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {mode === 'login' ? 'Sign in' : 'Create account'}
          </button>
        </form>
        <button type="button" className="link" onClick={() => setMode(mode === 'login' ? 'register' : 'login')}>
          {mode === 'login' ? 'New here? Create an account' : 'Already registered? Sign in'}
        </button>
      </div>
    </main>
  );
}
