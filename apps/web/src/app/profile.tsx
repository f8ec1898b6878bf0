import { useEffect, useState } from 'preact/hooks';
import { body } from '../api/client';
import type { Profile as ProfileView } from '../api/views';
import { ErrorMessage } from '../ui/error-message';
import { Feed } from './feed';
import { api, useSession } from './platform';

/** A user's profile and videos, with follow / unfollow. */
export function Profile({ userId }: { userId: string }) {
  const current = useSession();
  const [profile, setProfile] = useState<ProfileView>();
  // The API has no "do I follow them" read yet; follow and unfollow are idempotent, so the
  // button starts at "Follow" and tracks what this page did.
  const [following, setFollowing] = useState(false);
  const [error, setError] = useState<unknown>();

  const reload = () =>
    body<ProfileView>(api.GET('/api/v1/users/{id}', { params: { path: { id: userId } } }))
      .then(setProfile)
      .catch(setError);
  useEffect(() => {
    setProfile(undefined);
    setError(undefined);
    void reload();
  }, [userId]);

  const toggle = async () => {
    setError(undefined);
    const path = { params: { path: { id: userId } } };
    try {
      await body(
        following
          ? api.DELETE('/api/v1/users/{id}/follow', path)
          : api.PUT('/api/v1/users/{id}/follow', path),
      );
      setFollowing(!following);
      await reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <section class="panel profile" aria-label="Profile">
        <ErrorMessage error={error} />
        {profile && (
          <>
            <h1>{profile.displayName}</h1>
            <p class="meta">@{profile.username}</p>
            <p class="stats">
              <span>{profile.videoCount} videos</span>
              <span data-testid="follower-count">{profile.followerCount} followers</span>
              <span>{profile.followingCount} following</span>
            </p>
            {current && current.user.id !== userId && (
              <button
                type="button"
                class="primary"
                aria-pressed={following}
                onClick={() => void toggle()}
              >
                {following ? 'Unfollow' : 'Follow'}
              </button>
            )}
          </>
        )}
      </section>
      <Feed source={{ kind: 'author', userId }} />
    </>
  );
}
