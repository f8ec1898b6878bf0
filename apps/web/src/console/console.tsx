import { useEffect, useState } from 'preact/hooks';
import { body } from '../api/client';
import type { Session } from '../api/views';
import { ErrorMessage } from '../ui/error-message';
import { ConfigPanel } from './config-panel';
import { adminSession, api } from './platform';
import { RegistryPanel } from './registry-panel';
import { TracesPanel } from './traces-panel';

/** The learner console: the platform's moving parts, from the gateway's admin API. */
export function Console() {
  const [session, setSession] = useState(adminSession.get());
  useEffect(() => adminSession.subscribe(setSession), []);
  return (
    <>
      <header class="top-bar">
        <a class="brand" href="/console/">
          Newsreel console
        </a>
        <nav aria-label="Console">
          <a href="#registry">Services</a>
          <a href="#config">Config</a>
          <a href="#traces">Traces</a>
          <a href="#events">Events</a>
          <a href="/">App</a>
        </nav>
        {session && (
          <div class="account">
            <span>@{session.user.username}</span>
            <button type="button" onClick={() => adminSession.set(null)}>
              Log out
            </button>
          </div>
        )}
      </header>
      <main id="main" class="console">
        {session ? (
          <>
            <RegistryPanel />
            <ConfigPanel />
            <TracesPanel />
            <EventsPanel />
          </>
        ) : (
          <AdminLogin />
        )}
      </main>
    </>
  );
}

function AdminLogin() {
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      adminSession.set(
        await body<Session>(api.POST('/api/v1/auth/login', { body: { username, password } })),
      );
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form class="panel auth" onSubmit={(e) => void submit(e)} aria-labelledby="admin-title">
      <h1 id="admin-title">Admin login</h1>
      <p>
        The account service creates <code>admin</code> at start (password{' '}
        <code>newsreel-admin-dev</code> in development).
      </p>
      <label for="admin-username">Username</label>
      <input
        id="admin-username"
        autocomplete="username"
        value={username}
        onInput={(e) => setUsername(e.currentTarget.value)}
        required
      />
      <label for="admin-password">Password</label>
      <input
        id="admin-password"
        type="password"
        autocomplete="current-password"
        value={password}
        onInput={(e) => setPassword(e.currentTarget.value)}
        required
      />
      <ErrorMessage error={error} />
      <button type="submit" class="primary">
        Log in
      </button>
    </form>
  );
}

/** What exists about Kafka today: metrics, not an admin API (the console shows no invention). */
function EventsPanel() {
  return (
    <section id="events" class="panel" aria-labelledby="events-title">
      <h2 id="events-title">Events (Kafka, outbox)</h2>
      <p>
        No admin API reports topics, consumer lag or outbox backlogs yet. Each service exports them
        as Prometheus metrics on its own <code>/metrics</code>: <code>outbox_backlog</code> (like,
        comment, account, video) and <code>kafka_consumer_lag</code> (push, video). Follow the
        events themselves with{' '}
        <code>kcat -b 127.0.0.1:9092 -G me -X auto.offset.reset=earliest like.created.v1</code>.
      </p>
    </section>
  );
}
