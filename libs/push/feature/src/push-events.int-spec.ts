import { Controller, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { AccountContract } from '@newsreel/account-contracts';
import { type BrokerHandle, startBroker } from '@newsreel/kafka-broker';
import { type Notification, NotificationSchema, PushContract } from '@newsreel/push-contracts';
import { MessagingStats } from '@newsreel/shared-messaging';
import type { ParsedRequestOf } from '@newsreel/shared-contracts';
import { RpcMethod } from '@newsreel/shared-rpc';
import {
  type EventRecorder,
  type TestDatabase,
  createTestDatabase,
  freePort,
  recordEvents,
  waitFor,
} from '@newsreel/shared-testing';
import { type StartedRpcService, startRpcService } from '@newsreel/shared-service-testing';
import { Kafka, type Producer, logLevel } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { PushFeatureModule } from './push-feature.module';

// The push service as it ships (platform + feature module, SQLite, migrations at start, the
// messaging lib's inbox and outbox) against the embedded Kafka broker: events go in through
// kafkajs exactly as producers' outboxes send them, and come out as inbox entries (read over
// RPC) and `push.notified.v1` messages. Account is a tiny real RPC server answering
// `listFollowers`, for the fan-out.

/** Followers the account stub reports, by user id. */
const followersOf = new Map<string, string[]>();

@Controller()
class AccountStubRpcController {
  @RpcMethod(AccountContract, 'listFollowers')
  listFollowers(request: ParsedRequestOf<AccountContract, 'listFollowers'>): { ids: string[] } {
    return { ids: (followersOf.get(request.userId) ?? []).slice(0, request.limit) };
  }
}

@Module({ controllers: [AccountStubRpcController] })
class AccountStubModule {}

describe('push service with Kafka', () => {
  let broker: BrokerHandle;
  let database: TestDatabase;
  let account: INestMicroservice;
  let service: StartedRpcService<PushContract>;
  let producer: Producer;
  let recorder: EventRecorder;
  /** Every `push.notified.v1` message seen so far, with its key and event id. */
  const notified = () =>
    recorder.received.map((m) => ({
      key: m.key ?? '',
      eventId: m.headers['event-id'] ?? '',
      notification: NotificationSchema.parse(m.payload),
    }));

  const alice = uuidv7();
  const bob = uuidv7();
  const carol = uuidv7();
  const videoId = uuidv7();

  async function publish(
    topic: string,
    eventId: string,
    key: string,
    payload: object,
  ): Promise<void> {
    await producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key,
          value: JSON.stringify(payload),
          headers: { 'event-id': eventId, 'content-type': 'application/json' },
        },
      ],
    });
  }
  const inbox = (userId: string) => service.client.call('list', { userId, limit: 50 });
  /** Waits until `userId`'s inbox satisfies `done`, then returns it. */
  const inboxWhen = (userId: string, done: (items: Notification[]) => boolean, what: string) =>
    waitFor(
      async () => {
        const page = await inbox(userId);
        return done(page.items) && page;
      },
      { timeoutMs: 15_000, what },
    );

  beforeAll(async () => {
    broker = await startBroker({ port: 0 });
    database = await createTestDatabase('sqlite', { label: 'push-events' });
    const accountPort = await freePort();

    account = await NestFactory.createMicroservice<MicroserviceOptions>(AccountStubModule, {
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: accountPort },
      logger: false,
    });
    await account.listen();

    service = await startRpcService({
      service: 'push',
      contract: PushContract,
      imports: [PushFeatureModule],
      env: {
        NEWSREEL_PUSH_DATABASE_URL: database.url,
        NEWSREEL_KAFKA_BROKERS: broker.address,
        NEWSREEL_ACCOUNT_HOST: '127.0.0.1',
        NEWSREEL_ACCOUNT_RPC_PORT: String(accountPort),
      },
    });

    const kafka = new Kafka({
      clientId: 'push-test',
      brokers: [broker.address],
      logLevel: logLevel.NOTHING,
    });
    producer = kafka.producer();
    await producer.connect();
    recorder = await recordEvents([broker.address], ['push.notified.v1']);
  });

  afterAll(async () => {
    await recorder?.stop();
    await producer?.disconnect();
    await service?.close();
    await account?.close();
    await broker?.stop();
    await database?.cleanup();
  });

  it('like.created: the author is notified once however often the event is delivered', async () => {
    const like = {
      userId: bob,
      videoId,
      videoAuthorId: alice,
      occurredAt: '2026-11-21T10:00:00.000Z',
    };
    const eventId = uuidv7();
    await publish('like.created.v1', eventId, videoId, like);
    await publish('like.created.v1', eventId, videoId, like); // redelivery
    // Same key, so same partition: once carol's like is in, the redelivery was handled too.
    await publish('like.created.v1', uuidv7(), videoId, {
      ...like,
      userId: carol,
      occurredAt: '2026-11-21T10:00:01.000Z',
    });
    // Liking your own video notifies nobody.
    await publish('like.created.v1', uuidv7(), videoId, { ...like, userId: alice });

    const page = await inboxWhen(
      alice,
      (items) => items.some((n) => n.actorId === carol),
      "carol's like",
    );
    expect(page.items).toEqual([
      expect.objectContaining({
        userId: alice,
        type: 'like',
        actorId: carol,
        videoId,
        commentId: null,
        read: false,
      }),
      expect.objectContaining({
        userId: alice,
        type: 'like',
        actorId: bob,
        videoId,
        createdAt: like.occurredAt,
      }),
    ]);
    expect(page.unread).toBe(2);
  });

  it('comment.created: a reply notifies the parent author (reply) and the video author (comment), once', async () => {
    const commentId = uuidv7();
    const reply = {
      commentId,
      videoId,
      videoAuthorId: alice,
      authorId: carol,
      parentId: uuidv7(),
      parentAuthorId: bob,
      occurredAt: '2026-11-21T10:01:00.000Z',
    };
    const eventId = uuidv7();
    await publish('comment.created.v1', eventId, videoId, reply);
    await publish('comment.created.v1', eventId, videoId, reply);
    const sentinel = {
      ...reply,
      commentId: uuidv7(),
      parentId: null,
      parentAuthorId: null,
      authorId: bob,
      occurredAt: '2026-11-21T10:01:01.000Z',
    };
    await publish('comment.created.v1', uuidv7(), videoId, sentinel);

    const alices = await inboxWhen(
      alice,
      (items) => items.some((n) => n.commentId === sentinel.commentId),
      "bob's comment",
    );
    expect(
      alices.items.filter((n) => n.type === 'comment').map((n) => [n.actorId, n.commentId]),
    ).toEqual([
      [bob, sentinel.commentId],
      [carol, commentId],
    ]);
    const bobs = await inbox(bob);
    expect(bobs.items).toEqual([
      expect.objectContaining({ userId: bob, type: 'reply', actorId: carol, videoId, commentId }),
    ]);
  });

  it('account.followed: the followee is notified, once', async () => {
    const follow = { followerId: bob, followeeId: carol, occurredAt: '2026-11-21T10:02:00.000Z' };
    const eventId = uuidv7();
    await publish('account.followed.v1', eventId, carol, follow);
    await publish('account.followed.v1', eventId, carol, follow);
    await publish('account.followed.v1', uuidv7(), carol, {
      ...follow,
      followerId: alice,
      occurredAt: '2026-11-21T10:02:01.000Z',
    });

    const page = await inboxWhen(
      carol,
      (items) => items.some((n) => n.actorId === alice),
      "alice's follow",
    );
    expect(page.items.map((n) => [n.type, n.actorId, n.videoId])).toEqual([
      ['follow', alice, null],
      ['follow', bob, null],
    ]);
  });

  it('video.published: every follower is notified (asked of account over RPC), the author never', async () => {
    const newVideo = uuidv7();
    followersOf.set(alice, [bob, carol, alice]);
    await publish('video.published.v1', uuidv7(), newVideo, {
      videoId: newVideo,
      authorId: alice,
      title: 'Breaking',
      occurredAt: '2026-11-21T10:03:00.000Z',
    });
    for (const follower of [bob, carol]) {
      const page = await inboxWhen(
        follower,
        (items) => items.some((n) => n.videoId === newVideo),
        'the fan-out',
      );
      expect(page.items[0]).toMatchObject({ type: 'video', actorId: alice, videoId: newVideo });
    }
    expect((await inbox(alice)).items.some((n) => n.type === 'video')).toBe(false);
  });

  it('announces every stored notification once on push.notified.v1, keyed by the recipient', async () => {
    const stored = (await Promise.all([alice, bob, carol].map(inbox))).flatMap(
      (page) => page.items,
    );
    expect(stored).toHaveLength(4 + 2 + 3);
    await waitFor(() => notified().length >= stored.length, {
      timeoutMs: 15_000,
      what: 'push.notified.v1 messages',
    });
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect(
      notified()
        .map((m) => m.notification)
        .sort(byId),
    ).toEqual([...stored].sort(byId));
    for (const message of notified()) {
      expect(message.key).toBe(message.notification.userId);
      expect(message.eventId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(new Set(notified().map((m) => m.eventId)).size).toBe(notified().length);
    // The three redeliveries were stopped by the inbox; nothing failed into a dead-letter topic.
    expect(service.app.get(MessagingStats).snapshot()).toMatchObject({
      duplicatesSkipped: 3,
      deadLettered: 0,
    });
  });

  it('markRead over RPC: some, other users ignored, then all', async () => {
    const [newest] = (await inbox(alice)).items;
    const [bobs] = (await inbox(bob)).items;
    await expect(
      service.client.call('markRead', { userId: alice, ids: [newest.id, bobs.id] }),
    ).resolves.toEqual({});
    const after = await inbox(alice);
    expect(after.unread).toBe(3);
    expect(after.items[0]).toMatchObject({ id: newest.id, read: true });
    expect((await inbox(bob)).unread).toBe(2);
    await service.client.call('markRead', { userId: alice });
    expect((await inbox(alice)).unread).toBe(0);
  });
});
