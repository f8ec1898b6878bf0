import { useEffect, useState } from 'preact/hooks';
import { body } from '../api/client';
import type { Comment, Page } from '../api/views';
import { ErrorMessage } from '../ui/error-message';
import { api, useSession } from './platform';

/** A video's comments, replies indented under their parent, and a form to add one. */
export function Comments({ videoId, onPosted }: { videoId: string; onPosted: () => void }) {
  const signedIn = useSession() !== null;
  const [comments, setComments] = useState<Comment[]>([]);
  const [replyTo, setReplyTo] = useState<Comment | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    body<Page<Comment>>(
      api.GET('/api/v1/videos/{id}/comments', {
        params: { path: { id: videoId }, query: { limit: 50 } },
      }),
    )
      .then((page) => setComments(page.items))
      .catch(setError);
  }, [videoId]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const posted = await body<Comment>(
        api.POST('/api/v1/videos/{id}/comments', {
          params: { path: { id: videoId } },
          body: { text, ...(replyTo ? { parentId: replyTo.id } : {}) },
        }),
      );
      setComments((shown) => [...shown, posted]);
      setText('');
      setReplyTo(null);
      onPosted();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const roots = comments.filter((c) => !c.parentId);
  const repliesTo = (id: string) => comments.filter((c) => c.parentId === id);
  const fieldId = `comment-${videoId}`;
  return (
    <section class="comments" aria-label="Comments">
      <ErrorMessage error={error} />
      <ul>
        {roots.map((comment) => (
          <li key={comment.id}>
            <CommentLine comment={comment} onReply={signedIn ? setReplyTo : undefined} />
            {repliesTo(comment.id).length > 0 && (
              <ul class="replies">
                {repliesTo(comment.id).map((reply) => (
                  <li key={reply.id}>
                    <CommentLine comment={reply} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {signedIn ? (
        <form onSubmit={(e) => void submit(e)}>
          <label for={fieldId}>
            {replyTo ? `Reply to @${replyTo.author.username}` : 'Add a comment'}
          </label>
          <div class="row">
            <input
              id={fieldId}
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
              maxLength={500}
              required
            />
            <button type="submit" disabled={busy}>
              Send
            </button>
            {replyTo && (
              <button type="button" onClick={() => setReplyTo(null)}>
                Cancel reply
              </button>
            )}
          </div>
        </form>
      ) : (
        <p>
          <a href="#/login">Log in</a> to comment.
        </p>
      )}
    </section>
  );
}

function CommentLine({
  comment,
  onReply,
}: {
  comment: Comment;
  onReply?: (comment: Comment) => void;
}) {
  return (
    <p class="comment">
      <a href={`#/users/${comment.author.id}`}>@{comment.author.username}</a> {comment.text}
      {onReply && (
        <button type="button" class="link" onClick={() => onReply(comment)}>
          Reply
        </button>
      )}
    </p>
  );
}
