import { body } from '../api/client';
import { AuthForm } from './auth-form';
import { Bell } from './bell';
import { Feed } from './feed';
import { api, CATEGORIES, session, useSession } from './platform';
import { Profile } from './profile';
import { PublishForm } from './publish-form';
import { type Route, useRoute } from './use-route';

/** The app: a header with the feeds and the bell, and one screen chosen by the route. */
export function App() {
  const route = useRoute();
  const current = useSession();
  const logout = async () => {
    const refreshToken = current?.refreshToken;
    session.set(null);
    // Ends the session on the server too; the local sign-out stands even if this fails.
    if (refreshToken) {
      await body(api.POST('/api/v1/auth/logout', { body: { refreshToken } })).catch(() => {});
    }
  };
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top-bar">
        <a class="brand" href="#/">
          Newsreel
        </a>
        <nav aria-label="Feeds">
          <a href="#/" aria-current={route.name === 'feed' ? 'page' : undefined}>
            For you
          </a>
          <a href="#/following" aria-current={route.name === 'following' ? 'page' : undefined}>
            Following
          </a>
          {current && (
            <a href="#/publish" aria-current={route.name === 'publish' ? 'page' : undefined}>
              Publish
            </a>
          )}
        </nav>
        <div class="account">
          {current ? (
            <>
              <Bell />
              <a href={`#/users/${current.user.id}`} class="me">
                @{current.user.username}
              </a>
              <button type="button" onClick={() => void logout()}>
                Log out
              </button>
            </>
          ) : (
            <a href="#/login" class="button">
              Log in
            </a>
          )}
        </div>
      </header>
      <main id="main">
        <Screen route={route} signedIn={current !== null} />
      </main>
    </>
  );
}

function Screen({ route, signedIn }: { route: Route; signedIn: boolean }) {
  switch (route.name) {
    case 'login':
      return <AuthForm />;
    case 'publish':
      return signedIn ? <PublishForm /> : <AuthForm reason="Log in to publish a video." />;
    case 'following':
      return signedIn ? (
        <Feed source={{ kind: 'following' }} />
      ) : (
        <AuthForm reason="Log in to see videos from the people you follow." />
      );
    case 'profile':
      return <Profile userId={route.userId} />;
    case 'feed':
      return (
        <>
          <CategoryTabs active={route.category} />
          <Feed source={{ kind: 'all', category: route.category }} />
        </>
      );
  }
}

function CategoryTabs({ active }: { active?: string }) {
  const tabs: Array<[string, string | undefined]> = [
    ['All', undefined],
    ...CATEGORIES.map((c): [string, string] => [c[0].toUpperCase() + c.slice(1), c]),
  ];
  return (
    <nav class="tabs" aria-label="Categories">
      {tabs.map(([label, category]) => (
        <a
          key={label}
          href={category ? `#/category/${category}` : '#/'}
          aria-current={active === category ? 'page' : undefined}
        >
          {label}
        </a>
      ))}
    </nav>
  );
}
