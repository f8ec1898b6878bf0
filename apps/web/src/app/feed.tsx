import { useEffect, useState } from 'preact/hooks';
import { body } from '../api/client';
import type { Page, Video } from '../api/views';
import { ErrorMessage } from '../ui/error-message';
import { api, type Category } from './platform';
import { VideoCard } from './video-card';

/** Where a feed's videos come from. */
export type FeedSource =
  { kind: 'all'; category?: string } | { kind: 'following' } | { kind: 'author'; userId: string };

const PAGE = 10;

function load(source: FeedSource, cursor?: string): Promise<Page<Video>> {
  const query = { limit: PAGE, ...(cursor ? { cursor } : {}) };
  switch (source.kind) {
    case 'following':
      return body(api.GET('/api/v1/feed/following', { params: { query } }));
    case 'author':
      return body(
        api.GET('/api/v1/users/{id}/videos', { params: { path: { id: source.userId }, query } }),
      );
    case 'all': {
      const category = source.category as Category | undefined;
      return body(
        api.GET('/api/v1/feed', {
          params: { query: { ...query, ...(category ? { category } : {}) } },
        }),
      );
    }
  }
}

/** A vertical feed: newest first, one video per screen, more on demand. */
export function Feed({ source }: { source: FeedSource }) {
  const [videos, setVideos] = useState<Video[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(source);

  useEffect(() => {
    let current = true;
    setVideos([]);
    setError(undefined);
    setLoading(true);
    load(source)
      .then((page) => current && (setVideos(page.items), setCursor(page.nextCursor)))
      .catch((e: unknown) => current && setError(e))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [key]);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await load(source, cursor);
      setVideos((shown) => [...shown, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  return (
    <section class="feed" aria-label="Videos" aria-busy={loading}>
      <ErrorMessage error={error} />
      {!loading && !error && videos.length === 0 && (
        <p class="empty">
          {source.kind === 'following'
            ? 'Nothing yet: follow someone from their profile.'
            : 'No videos here yet.'}
        </p>
      )}
      {videos.map((video) => (
        <VideoCard key={video.id} video={video} />
      ))}
      {cursor && (
        <button type="button" class="more" onClick={() => void more()} disabled={loading}>
          More videos
        </button>
      )}
    </section>
  );
}
