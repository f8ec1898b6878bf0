import { useEffect, useRef, useState } from 'preact/hooks';
import { body } from '../api/client';
import type { LikeState, Video } from '../api/views';
import { ErrorMessage } from '../ui/error-message';
import { Comments } from './comments';
import { api, useSession } from './platform';
import { navigate } from './use-route';

/** One video: it plays (muted) while most of it is on screen, and pauses when scrolled away. */
export function VideoCard({ video }: { video: Video }) {
  const player = useRef<HTMLVideoElement>(null);
  const signedIn = useSession() !== null;
  const [like, setLike] = useState<LikeState>({
    liked: video.likedByMe ?? false,
    likeCount: video.likeCount,
  });
  const [commentCount, setCommentCount] = useState(video.commentCount);
  const [showComments, setShowComments] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    const element = player.current;
    if (!element) return;
    const observer = new IntersectionObserver(
      ([entry]) => {
        // Browsers allow autoplay of muted video; a refusal leaves the controls to the user.
        if (entry.isIntersecting) element.play().catch(() => {});
        else element.pause();
      },
      { threshold: 0.6 },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const toggleLike = async () => {
    if (!signedIn) return navigate('#/login');
    setError(undefined);
    const path = { params: { path: { id: video.id } } };
    try {
      setLike(
        await body<LikeState>(
          like.liked
            ? api.DELETE('/api/v1/videos/{id}/like', path)
            : api.PUT('/api/v1/videos/{id}/like', path),
        ),
      );
    } catch (e) {
      setError(e);
    }
  };

  const titleId = `title-${video.id}`;
  return (
    <article class="video-card" aria-labelledby={titleId} data-video-id={video.id}>
      <video
        ref={player}
        src={video.mediaUrl}
        poster={video.coverUrl ?? undefined}
        muted
        loop
        playsInline
        controls
        preload="metadata"
        aria-label={video.title}
      />
      <div class="video-info">
        <h2 id={titleId}>{video.title}</h2>
        <p class="meta">
          <a href={`#/users/${video.author.id}`}>@{video.author.username}</a>
          {' · '}
          <span class="category">{video.category}</span>
          {' · '}
          <time dateTime={video.publishedAt}>{new Date(video.publishedAt).toLocaleString()}</time>
        </p>
        {video.description && <p class="description">{video.description}</p>}
        <div class="actions">
          <button
            type="button"
            class="like"
            aria-pressed={like.liked}
            onClick={() => void toggleLike()}
          >
            <span aria-hidden="true">{like.liked ? '♥' : '♡'}</span> {like.liked ? 'Liked' : 'Like'}{' '}
            <span class="count" data-testid="like-count">
              {like.likeCount}
            </span>
          </button>
          <button
            type="button"
            aria-expanded={showComments}
            onClick={() => setShowComments(!showComments)}
          >
            Comments <span class="count">{commentCount}</span>
          </button>
        </div>
        <ErrorMessage error={error} />
        {showComments && (
          <Comments videoId={video.id} onPosted={() => setCommentCount((n) => n + 1)} />
        )}
      </div>
    </article>
  );
}
