import { useEffect, useState } from 'preact/hooks';
import { createApiClient } from '../api/client';
import { SessionStore } from '../api/session';

/** The console's admin session (separate from the app's user session) and its client. */
export const adminSession = new SessionStore('newsreel.console.session');
export const api = createApiClient(adminSession);

/** How often every panel reloads (see docs/adr: polling, not a stream). */
export const REFRESH_MS = 2000;

/** What a polled panel holds: the latest value, the latest error, and when it was loaded. */
export interface Polled<T> {
  value?: T;
  error?: unknown;
  at?: Date;
  reload: () => void;
}

/**
 * Loads `load()` now and every {@link REFRESH_MS} while the tab is visible, and again when
 * `deps` change. An error is shown next to the last good value rather than instead of it.
 */
export function usePolling<T>(load: () => Promise<T>, deps: unknown[] = []): Polled<T> {
  const [state, setState] = useState<Omit<Polled<T>, 'reload'>>({});
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    const run = () => {
      if (document.hidden) return;
      load()
        .then((value) => live && setState({ value, at: new Date() }))
        .catch((error: unknown) => live && setState((s) => ({ ...s, error })));
    };
    run();
    const timer = setInterval(run, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

/** "12 s ago" for a timestamp. */
export function age(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  return seconds < 120 ? `${seconds} s ago` : `${Math.round(seconds / 60)} min ago`;
}
