import { useEffect, useState } from 'preact/hooks';

/** A screen of the app, from the location's hash (`#/following`, `#/users/<id>`). */
export type Route =
  | { name: 'feed'; category?: string }
  | { name: 'following' }
  | { name: 'publish' }
  | { name: 'login' }
  | { name: 'profile'; userId: string };

export function parseRoute(hash: string): Route {
  const [, first, second] = hash.replace(/^#/, '').split('/');
  switch (first) {
    case 'following':
      return { name: 'following' };
    case 'publish':
      return { name: 'publish' };
    case 'login':
      return { name: 'login' };
    case 'users':
      return second ? { name: 'profile', userId: decodeURIComponent(second) } : { name: 'feed' };
    case 'category':
      return { name: 'feed', category: second };
    default:
      return { name: 'feed' };
  }
}

/** Hash routes: links work without server routes, and the back button works. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

export const navigate = (hash: string) => {
  location.hash = hash;
};
