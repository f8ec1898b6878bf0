import { NotificationSchema } from '@newsreel/push-contracts';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import type { PushTransaction } from '@newsreel/push-domain';
import type { EventContext } from '@newsreel/shared-messaging';
import { v7 as uuidv7 } from 'uuid';
import { ListNotificationsHandler } from './list-notifications/list-notifications.handler';
import { MarkReadHandler } from './mark-read/mark-read.handler';
import { NotifyOnCommentHandler } from './notify-on-comment/notify-on-comment.handler';
import { NotifyOnFollowHandler } from './notify-on-follow/notify-on-follow.handler';
import { NotifyOnLikeHandler } from './notify-on-like/notify-on-like.handler';
import { FAN_OUT_LIMIT, NotifyOnVideoHandler } from './notify-on-video/notify-on-video.handler';
import { Notifier } from './shared/notifier';
import { InMemoryNotificationRepository } from '@newsreel/push-domain/testing';
import { FakeAccountClient } from './testing';

// The handlers and queries with an in-memory repository (whose transactions record what they
// publish) and a fake account client: who is notified, what is announced, and what the inbox shows.
describe('push use cases', () => {
  const alice = uuidv7();
  const bob = uuidv7();
  const carol = uuidv7();
  const videoId = uuidv7();
  const occurredAt = '2026-11-21T10:00:00.000Z';
  let repo: InMemoryNotificationRepository;
  let account: FakeAccountClient;
  let onLike: NotifyOnLikeHandler;
  let onComment: NotifyOnCommentHandler;
  let onFollow: NotifyOnFollowHandler;
  let onVideo: NotifyOnVideoHandler;
  let list: ListNotificationsHandler;
  let markRead: MarkReadHandler;
  let now: Date;

  /** A fresh event context; its transaction is named after the event, for the test to look for. */
  const context = (eventId = uuidv7()): EventContext<PushTransaction> => ({
    eventId,
    topic: 'test',
    tx: repo.transaction(eventId),
    headers: { 'event-id': eventId },
  });
  const inbox = async (userId: string) => (await list.execute({ userId, limit: 50 })).items;

  beforeEach(() => {
    repo = new InMemoryNotificationRepository();
    account = new FakeAccountClient();
    const notifier = new Notifier();
    onLike = new NotifyOnLikeHandler(notifier);
    onComment = new NotifyOnCommentHandler(notifier);
    onFollow = new NotifyOnFollowHandler(notifier);
    onVideo = new NotifyOnVideoHandler(account, notifier);
    now = new Date('2026-11-21T12:00:00.000Z');
    list = new ListNotificationsHandler(repo);
    markRead = new MarkReadHandler(repo, { now: () => now });
  });

  it('a like notifies the author in the event transaction, and announces it there too', async () => {
    const ctx = context();
    await onLike.handle({ userId: bob, videoId, videoAuthorId: alice, occurredAt }, ctx);
    const [notification] = await inbox(alice);
    expect(notification).toEqual({
      id: expect.any(String),
      userId: alice,
      type: 'like',
      actorId: bob,
      videoId,
      commentId: null,
      createdAt: occurredAt,
      read: false,
    });
    expect(repo.scopes).toEqual([ctx.eventId]);
    expect(repo.announced).toEqual([
      { tx: ctx.eventId, topic: 'push.notified.v1', payload: notification, key: alice },
    ]);
  });

  it('nobody is notified of their own like, follow or comment, and nothing is announced', async () => {
    await onLike.handle({ userId: alice, videoId, videoAuthorId: alice, occurredAt }, context());
    await onFollow.handle({ followerId: alice, followeeId: alice, occurredAt }, context());
    const comment = {
      commentId: uuidv7(),
      videoId,
      videoAuthorId: alice,
      authorId: alice,
      parentId: null,
      parentAuthorId: null,
      occurredAt,
    };
    await onComment.handle(comment, context());
    expect(repo.rows).toEqual([]);
    expect(repo.announced).toEqual([]);
  });

  it("a reply notifies the parent's author (reply) and the video's author (comment)", async () => {
    const commentId = uuidv7();
    const reply = {
      commentId,
      videoId,
      videoAuthorId: alice,
      authorId: carol,
      parentId: uuidv7(),
      parentAuthorId: bob,
      occurredAt,
    };
    await onComment.handle(reply, context());
    expect(await inbox(bob)).toMatchObject([{ type: 'reply', actorId: carol, videoId, commentId }]);
    expect(await inbox(alice)).toMatchObject([
      { type: 'comment', actorId: carol, videoId, commentId },
    ]);
    expect(repo.announced.map((e) => [e.key, (e.payload as { type: string }).type])).toEqual([
      [bob, 'reply'],
      [alice, 'comment'],
    ]);
  });

  it("a reply to the video author's own comment notifies them once, as a reply", async () => {
    const reply = {
      commentId: uuidv7(),
      videoId,
      videoAuthorId: alice,
      authorId: bob,
      parentId: uuidv7(),
      parentAuthorId: alice,
      occurredAt,
    };
    await onComment.handle(reply, context());
    expect((await inbox(alice)).map((n) => n.type)).toEqual(['reply']);
    expect(repo.announced).toHaveLength(1);
  });

  it('a follow notifies the followee', async () => {
    await onFollow.handle({ followerId: bob, followeeId: alice, occurredAt }, context());
    expect(await inbox(alice)).toMatchObject([
      { type: 'follow', actorId: bob, videoId: null, commentId: null },
    ]);
  });

  it("a new video fans out to the author's followers (asked of account), never the author", async () => {
    account.followers.set(alice, [bob, carol, alice]);
    await onVideo.handle({ videoId, authorId: alice, title: 'News', occurredAt }, context());
    expect(account.requests).toEqual([
      { name: 'listFollowers', request: { userId: alice, limit: FAN_OUT_LIMIT } },
    ]);
    expect(await inbox(bob)).toMatchObject([{ type: 'video', actorId: alice, videoId }]);
    expect(await inbox(carol)).toMatchObject([{ type: 'video', actorId: alice, videoId }]);
    expect(await inbox(alice)).toEqual([]);
    expect(repo.announced.map((e) => e.key).sort()).toEqual([bob, carol].sort());
  });

  it('a new video fails (to be retried) while account is unavailable, storing nothing', async () => {
    account.followers.set(alice, [bob]);
    account.down = true;
    const error = (await onVideo
      .handle({ videoId, authorId: alice, title: 'News', occurredAt }, context())
      .catch((e: unknown) => e)) as RpcError;
    expect(error).toBeInstanceOf(RpcError);
    expect(error.code).toBe(RpcStatus.UNAVAILABLE);
    expect(repo.rows).toEqual([]);
    expect(repo.announced).toEqual([]);
  });

  it('the same event handled twice notifies once and announces once (same id both times)', async () => {
    const eventId = uuidv7();
    const like = { userId: bob, videoId, videoAuthorId: alice, occurredAt };
    await onLike.handle(like, context(eventId));
    await onLike.handle(like, context(eventId));
    expect(await inbox(alice)).toHaveLength(1);
    expect(repo.announced).toHaveLength(1);
    // A different like event by the same person is a new notification.
    await onLike.handle(like, context());
    expect(await inbox(alice)).toHaveLength(2);
  });

  it('lists newest first with an opaque cursor, counts unread, and refuses foreign cursors', async () => {
    for (let i = 0; i < 5; i++) {
      const at = new Date(Date.UTC(2026, 10, 21, 10, 0, i)).toISOString();
      await onFollow.handle({ followerId: uuidv7(), followeeId: alice, occurredAt: at }, context());
    }
    await onFollow.handle({ followerId: alice, followeeId: bob, occurredAt }, context());
    const first = await list.execute({ userId: alice, limit: 2 });
    expect(first.items.map((n) => n.createdAt)).toEqual([
      '2026-11-21T10:00:04.000Z',
      '2026-11-21T10:00:03.000Z',
    ]);
    expect(first.unread).toBe(5);
    expect(first.items.every((n) => NotificationSchema.safeParse(n).success)).toBe(true);
    const second = await list.execute({ userId: alice, limit: 2, cursor: first.nextCursor! });
    const third = await list.execute({ userId: alice, limit: 2, cursor: second.nextCursor! });
    expect(third.items.map((n) => n.createdAt)).toEqual(['2026-11-21T10:00:00.000Z']);
    expect(third.nextCursor).toBeNull();
    await expect(
      list.execute({ userId: alice, limit: 2, cursor: 'made-up' }),
    ).rejects.toMatchObject({
      code: RpcStatus.INVALID_ARGUMENT,
    });
  });

  it("marks read some, ignores other users' ids, then all", async () => {
    for (let i = 0; i < 3; i++)
      await onFollow.handle({ followerId: uuidv7(), followeeId: alice, occurredAt }, context());
    await onFollow.handle({ followerId: alice, followeeId: bob, occurredAt }, context());
    const [first] = await inbox(alice);
    const [bobs] = await inbox(bob);
    await expect(markRead.execute({ userId: alice, ids: [first.id, bobs.id] })).resolves.toEqual(
      {},
    );
    expect((await list.execute({ userId: alice, limit: 50 })).unread).toBe(2);
    expect((await inbox(alice))[0].read).toBe(true);
    expect((await inbox(bob))[0].read).toBe(false);
    await markRead.execute({ userId: alice });
    expect((await list.execute({ userId: alice, limit: 50 })).unread).toBe(0);
    expect((await list.execute({ userId: bob, limit: 50 })).unread).toBe(1);
    expect(repo.rows.find((n) => n.id === first.id)?.readAt).toEqual(now);
  });
});
