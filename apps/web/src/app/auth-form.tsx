import { useState } from 'preact/hooks';
import { body } from '../api/client';
import type { Session } from '../api/views';
import { ErrorMessage } from '../ui/error-message';
import { api, session } from './platform';
import { navigate } from './use-route';

/** Log in, or create an account; either way the session starts and the feed is shown. */
export function AuthForm({ reason }: { reason?: string }) {
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const credentials = { body: { username, password } };
      session.set(
        await body<Session>(
          mode === 'login'
            ? api.POST('/api/v1/auth/login', credentials)
            : api.POST('/api/v1/auth/register', credentials),
        ),
      );
      if (location.hash === '#/login') navigate('#/');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const register = mode === 'register';
  return (
    <form class="panel auth" onSubmit={(e) => void submit(e)} aria-labelledby="auth-title">
      <h1 id="auth-title">{register ? 'Create an account' : 'Log in'}</h1>
      {reason && <p>{reason}</p>}
      <label for="username">Username</label>
      <input
        id="username"
        name="username"
        autocomplete="username"
        value={username}
        onInput={(e) => setUsername(e.currentTarget.value)}
        pattern={register ? '[a-z0-9_]{3,32}' : undefined}
        title={register ? '3-32 characters of a-z, 0-9 and _' : undefined}
        required
      />
      <label for="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete={register ? 'new-password' : 'current-password'}
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
        minLength={register ? 8 : undefined}
        required
      />
      <ErrorMessage error={error} />
      <button type="submit" class="primary" disabled={busy}>
        {register ? 'Create account' : 'Log in'}
      </button>
      <button type="button" class="link" onClick={() => setMode(register ? 'login' : 'register')}>
        {register ? 'I have an account: log in' : 'New here? Create an account'}
      </button>
    </form>
  );
}
