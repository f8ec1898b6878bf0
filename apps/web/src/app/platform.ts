import { useEffect, useState } from 'preact/hooks';
import { createApiClient } from '../api/client';
import type { paths } from '../api/openapi';
import { SessionStore } from '../api/session';
import type { Session } from '../api/views';

/** The app's session (its own, separate from the console's) and the client that uses it. */
export const session = new SessionStore('newsreel.app.session');
export const api = createApiClient(session);

/** The current session; re-renders the caller when it changes (login, refresh, logout). */
export function useSession(): Session | null {
  const [current, setCurrent] = useState(session.get());
  useEffect(() => session.subscribe(setCurrent), []);
  return current;
}

/** The category a video is published in, as the OpenAPI document spells it. */
export type Category =
  paths['/api/v1/videos']['post']['requestBody']['content']['application/json']['category'];

/** Every category, in tab order (a value the API does not know fails the type check). */
export const CATEGORIES = [
  'world',
  'tech',
  'sports',
  'culture',
  'business',
  'science',
] as const satisfies readonly Category[];

/** The demo clips the gateway serves under /media/ (assets/media). */
export const DEMO_CLIPS = Array.from(
  { length: 12 },
  (_, i) => `clip-${String(i + 1).padStart(2, '0')}`,
);
