import { useEffect, useState } from 'preact/hooks';
import { body } from '../api/client';
import type { Notification, NotificationPage } from '../api/views';
import { ErrorMessage } from '../ui/error-message';
import { api, useSession } from './platform';

const VERB: Record<string, string> = {
  like: 'liked your video',
  comment: 'commented on your video',
  follow: 'followed you',
};

/**
 * The notification bell: the inbox, then each new notification live from the gateway's
 * server-sent-events stream. EventSource cannot send headers, so the stream takes the access
 * token as `?access_token=`; when it is refused (an expired token), one API call refreshes the
 * session and the stream is opened again with the new token.
 */
export function Bell() {
  const current = useSession();
  const token = current?.accessToken;
  const [items, setItems] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  /** The latest live notification, for screen readers (the list itself may be closed). */
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (!token) return;
    let closed = false;
    body<NotificationPage>(api.GET('/api/v1/notifications', { params: { query: { limit: 20 } } }))
      .then((page) => {
        if (closed) return;
        // Live events may have arrived first: keep them, drop duplicates.
        setItems((live) => [
          ...live,
          ...page.items.filter((n) => !live.some((l) => l.id === n.id)),
        ]);
        setUnread((live) => Math.max(live, page.unread));
      })
      .catch(setError);
    const stream = new EventSource(
      `/api/v1/notifications/stream?access_token=${encodeURIComponent(token)}`,
    );
    stream.addEventListener('notification', (event) => {
      const notification = JSON.parse((event as MessageEvent<string>).data) as Notification;
      setItems((shown) =>
        shown.some((n) => n.id === notification.id) ? shown : [notification, ...shown],
      );
      setUnread((n) => n + 1);
      setAnnouncement(
        `@${notification.actor.username} ${VERB[notification.type] ?? notification.type}`,
      );
    });
    stream.addEventListener('error', () => {
      // CONNECTING: the browser retries by itself. CLOSED: refused, most likely an expired
      // token; any authenticated call refreshes the session, which re-runs this effect.
      if (stream.readyState === EventSource.CLOSED && !closed) {
        void body(api.GET('/api/v1/users/me')).catch(setError);
      }
    });
    return () => {
      closed = true;
      stream.close();
    };
  }, [token]);

  const toggle = async () => {
    setOpen(!open);
    if (!open && unread > 0) {
      try {
        await body(api.POST('/api/v1/notifications/read', { body: {} }));
        setUnread(0);
        setItems((shown) => shown.map((n) => ({ ...n, read: true })));
      } catch (e) {
        setError(e);
      }
    }
  };

  return (
    <div class="bell" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <p class="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="notifications"
        onClick={() => void toggle()}
      >
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
        </svg>
        <span class="visually-hidden">Notifications</span>
        {unread > 0 && (
          <span class="badge" data-testid="unread-count" aria-label={`${unread} unread`}>
            {unread}
          </span>
        )}
      </button>
      <div
        id="notifications"
        class="dropdown"
        hidden={!open}
        role="region"
        aria-label="Notifications"
      >
        <ErrorMessage error={error} />
        {items.length === 0 ? (
          <p>No notifications yet.</p>
        ) : (
          <ul>
            {items.map((n) => (
              <li key={n.id} class={n.read ? 'read' : 'unread'} data-type={n.type}>
                <a href={`#/users/${n.actor.id}`}>@{n.actor.username}</a> {VERB[n.type] ?? n.type}
                <time dateTime={n.createdAt}>{new Date(n.createdAt).toLocaleTimeString()}</time>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
