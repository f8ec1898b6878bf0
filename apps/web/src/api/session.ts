import type { Session } from './views';

type Listener = (session: Session | null) => void;

/**
 * The signed-in session of one page (the app and the console keep separate ones), kept in
 * localStorage so a reload stays signed in. The refresh token rotates on every refresh.
 */
export class SessionStore {
  private current: Session | null;
  private readonly listeners = new Set<Listener>();

  constructor(private readonly key: string) {
    this.current = read(key);
  }

  get(): Session | null {
    return this.current;
  }

  set(session: Session | null): void {
    this.current = session;
    if (session) localStorage.setItem(this.key, JSON.stringify(session));
    else localStorage.removeItem(this.key);
    for (const listener of this.listeners) listener(session);
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function read(key: string): Session | null {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as Session) : null;
  } catch {
    return null;
  }
}
