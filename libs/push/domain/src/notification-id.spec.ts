import { z } from 'zod';
import { toNotifications } from './notification';
import { notificationId } from './notification-id';

describe('notification ids', () => {
  const event = '019a0000-0000-7000-8000-0000000000e1';
  const user = '019a0000-0000-7000-8000-0000000000a1';
  const at = new Date('2026-11-21T10:00:00.123Z');

  it('are valid UUIDv7 carrying the time in their first 48 bits', () => {
    const id = notificationId(event, user, 'like', at);
    expect(z.uuidv7().safeParse(id).success).toBe(true);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at.getTime());
  });

  it('are the same for the same (event, user, type) and differ when any of them differs', () => {
    const id = notificationId(event, user, 'like', at);
    expect(notificationId(event, user, 'like', at)).toBe(id);
    const others = [
      notificationId('019a0000-0000-7000-8000-0000000000e2', user, 'like', at),
      notificationId(event, '019a0000-0000-7000-8000-0000000000a2', 'like', at),
      notificationId(event, user, 'comment', at),
    ];
    expect(new Set([id, ...others]).size).toBe(4);
  });

  it('sort by time, so inboxes can page by id', () => {
    const earlier = notificationId('zzz', user, 'like', new Date(at.getTime() - 1));
    const later = notificationId('aaa', user, 'like', at);
    expect(earlier < later).toBe(true);
  });

  it('toNotifications derives everything from the event, so a replay builds identical rows', () => {
    const drafts = [
      { userId: user, type: 'follow' as const, actorId: event, videoId: null, commentId: null },
    ];
    const first = toNotifications(drafts, { eventId: event, occurredAt: at });
    expect(first).toEqual([
      {
        ...drafts[0],
        id: notificationId(event, user, 'follow', at),
        sourceEventId: event,
        createdAt: at,
        readAt: null,
      },
    ]);
    expect(toNotifications(drafts, { eventId: event, occurredAt: new Date(at) })).toEqual(first);
  });
});
