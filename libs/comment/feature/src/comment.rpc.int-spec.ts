import {
  CommentContract,
  CommentCreated,
  CommentDeleted,
  CommentSchema,
} from '@newsreel/comment-contracts';
import { type BrokerHandle, startBroker } from '@newsreel/kafka-broker';
import { type RequestOf, RpcError, RpcStatus } from '@newsreel/shared-contracts';
import {
  type TestDatabase,
  createTestDatabase,
  recordEvents,
  type EventRecorder,
  type RecordedMessage,
  waitFor,
} from '@newsreel/shared-testing';
import { type StartedRpcService, startRpcService } from '@newsreel/shared-service-testing';
import { OutboxRecord } from '@newsreel/shared-messaging';
import { DataSource } from 'typeorm';
import { v7 } from 'uuid';
import { CommentFeatureModule } from './comment-feature.module';

// The comment service as it ships (platform module + feature module, SQLite, migrations at
// start, the outbox relay) behind a real NestJS TCP server, called through the typed RpcClient
// the gateway uses, with its events read back from the embedded Kafka broker by kafkajs.
describe('comment service over RPC, with events on Kafka', () => {
  let broker: BrokerHandle;
  let database: TestDatabase;
  let service: StartedRpcService<CommentContract>;
  let recorder: EventRecorder;

  const videoId = v7();
  const videoAuthor = v7();
  const alice = v7();
  const bob = v7();
  const mallory = v7();

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as RpcError,
    );
  const eventsAbout = (topic: string, commentId: string) =>
    recorder.received.filter((m) => m.topic === topic && m.payload.commentId === commentId);
  /** Waits for the event, then checks no duplicate arrived with it. */
  async function theEvent(topic: string, commentId: string): Promise<RecordedMessage> {
    await waitFor(() => eventsAbout(topic, commentId).length > 0, {
      what: `${topic} for ${commentId}`,
    });
    expect(eventsAbout(topic, commentId)).toHaveLength(1);
    return eventsAbout(topic, commentId)[0];
  }

  beforeAll(async () => {
    broker = await startBroker({ port: 0 });
    database = await createTestDatabase('sqlite', { label: 'comment-rpc' });
    service = await startRpcService({
      service: 'comment',
      contract: CommentContract,
      imports: [CommentFeatureModule],
      env: {
        NEWSREEL_COMMENT_DATABASE_URL: database.url,
        NEWSREEL_KAFKA_BROKERS: broker.address,
        NEWSREEL_COMMENT_SENSITIVE_WORDS: 'damn,idiot',
      },
    });

    recorder = await recordEvents([broker.address], [CommentCreated.topic, CommentDeleted.topic]);
  });

  afterAll(async () => {
    await recorder?.stop();
    await service?.close();
    await broker?.stop();
    await database?.cleanup();
  });

  it('answers ping on the comment contract', async () => {
    await expect(service.call('ping', {})).resolves.toMatchObject({ service: 'comment' });
  });

  it('posts, replies, lists and deletes, each write producing exactly one event', async () => {
    const root = await service.call('post', {
      videoId,
      videoAuthorId: videoAuthor,
      authorId: alice,
      text: '  Damn it, great clip ',
    });
    expect(root).toEqual({
      id: expect.any(String),
      videoId,
      authorId: alice,
      text: '**** it, great clip',
      parentId: null,
      createdAt: expect.any(String),
    });
    const created = await theEvent(CommentCreated.topic, root.id);
    expect(created.key).toBe(videoId);
    expect(created.payload).toEqual({
      commentId: root.id,
      videoId,
      videoAuthorId: videoAuthor,
      authorId: alice,
      parentId: null,
      parentAuthorId: null,
      occurredAt: root.createdAt,
    });
    expect(created.headers['event-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(created.headers['event-type']).toBe(CommentCreated.topic);
    // The header is the id of the outbox row written with the comment.
    const outbox = await service.app
      .get(DataSource)
      .getRepository(OutboxRecord)
      .findBy({ topic: CommentCreated.topic });
    const row = outbox.find(
      (r) => (JSON.parse(r.payload) as { commentId: string }).commentId === root.id,
    );
    expect(row?.id).toBe(created.headers['event-id']);

    const reply = await service.call('post', {
      videoId,
      videoAuthorId: videoAuthor,
      authorId: bob,
      text: 'you idiot!',
      parentId: root.id,
    });
    expect(reply).toMatchObject({ parentId: root.id, authorId: bob, text: 'you *****!' });
    const replied = await theEvent(CommentCreated.topic, reply.id);
    expect(replied.payload).toMatchObject({
      parentId: root.id,
      parentAuthorId: alice,
      authorId: bob,
    });
    expect(replied.headers['event-id']).not.toBe(created.headers['event-id']);

    await expect(service.call('list', { videoId, limit: 20 })).resolves.toEqual({
      items: [root, reply],
      nextCursor: null,
    });
    const first = await service.call('list', { videoId, limit: 1 });
    expect(first.items).toEqual([root]);
    await expect(
      service.call('list', { videoId, limit: 1, cursor: first.nextCursor! }),
    ).resolves.toEqual({
      items: [reply],
      nextCursor: null,
    });

    await expect(
      failure(service.call('delete', { commentId: root.id, requesterId: mallory })),
    ).resolves.toMatchObject({
      code: RpcStatus.PERMISSION_DENIED,
      message: 'Only the comment author or the video author can delete this comment',
    });
    // The video's author moderates a comment on their video.
    await expect(
      service.call('delete', { commentId: root.id, requesterId: videoAuthor }),
    ).resolves.toEqual({});
    const deleted = await theEvent(CommentDeleted.topic, root.id);
    expect(deleted.key).toBe(videoId);
    expect(deleted.payload).toEqual({
      commentId: root.id,
      videoId,
      authorId: alice,
      occurredAt: expect.any(String),
    });
    expect(deleted.headers['event-id']).toEqual(expect.any(String));
    await expect(
      failure(service.call('delete', { commentId: root.id, requesterId: alice })),
    ).resolves.toMatchObject({
      code: RpcStatus.NOT_FOUND,
      message: 'Comment not found',
    });

    // The reply outlives its parent and its author can still delete it.
    await expect(service.call('list', { videoId, limit: 20 })).resolves.toEqual({
      items: [reply],
      nextCursor: null,
    });
    await expect(
      service.call('delete', { commentId: reply.id, requesterId: bob }),
    ).resolves.toEqual({});
    await theEvent(CommentDeleted.topic, reply.id);
    expect(CommentSchema.array().parse([root, reply])).toHaveLength(2);
  });

  it('refuses a parent on another video with NOT_FOUND and publishes nothing', async () => {
    const elsewhere = await service.call('post', {
      videoId: v7(),
      videoAuthorId: videoAuthor,
      authorId: alice,
      text: 'hi',
    });
    await theEvent(CommentCreated.topic, elsewhere.id);
    const before = recorder.received.length;
    await expect(
      failure(
        service.call('post', {
          videoId,
          videoAuthorId: videoAuthor,
          authorId: bob,
          text: 'reply',
          parentId: elsewhere.id,
        }),
      ),
    ).resolves.toMatchObject({ code: RpcStatus.NOT_FOUND, message: 'Parent comment not found' });
    await expect(service.call('list', { videoId: elsewhere.videoId, limit: 20 })).resolves.toEqual({
      items: [elsewhere],
      nextCursor: null,
    });
    expect(recorder.received.length).toBe(before);
  });

  it('refuses bad input with INVALID_ARGUMENT before any work is done', async () => {
    const tooLong = await failure(
      service.call('post', {
        videoId,
        videoAuthorId: videoAuthor,
        authorId: alice,
        text: 'x'.repeat(501),
      }),
    );
    expect(tooLong).toBeInstanceOf(RpcError);
    expect(tooLong?.code).toBe(RpcStatus.INVALID_ARGUMENT);
    expect(tooLong?.details?.map((d) => d.path)).toEqual(['text']);

    const unknownField = await failure(
      service.call('post', {
        videoId,
        videoAuthorId: videoAuthor,
        authorId: alice,
        text: 'ok',
        pinned: true,
      } as RequestOf<CommentContract, 'post'>),
    );
    expect(unknownField?.code).toBe(RpcStatus.INVALID_ARGUMENT);

    const badCursor = await failure(
      service.call('list', { videoId, limit: 5, cursor: 'not-a-cursor' }),
    );
    expect(badCursor).toMatchObject({
      code: RpcStatus.INVALID_ARGUMENT,
      message: 'Invalid cursor',
    });
    const badId = await failure(service.call('delete', { commentId: 'nope', requesterId: alice }));
    expect(badId?.code).toBe(RpcStatus.INVALID_ARGUMENT);

    // Exactly 500 characters is fine, and nothing was stored by the refused calls.
    const longest = await service.call('post', {
      videoId,
      videoAuthorId: videoAuthor,
      authorId: alice,
      text: 'y'.repeat(500),
    });
    await expect(service.call('list', { videoId, limit: 50 })).resolves.toEqual({
      items: [longest],
      nextCursor: null,
    });
    await theEvent(CommentCreated.topic, longest.id);
  });

  it('published every event exactly once, with distinct event ids', () => {
    const keys = recorder.received.map((m) => `${m.topic}/${String(m.payload.commentId)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(recorder.received.filter((m) => m.topic === CommentCreated.topic)).toHaveLength(4);
    expect(recorder.received.filter((m) => m.topic === CommentDeleted.topic)).toHaveLength(2);
    const ids = recorder.received.map((m) => m.headers['event-id']);
    expect(new Set(ids).size).toBe(recorder.received.length);
  });
});
