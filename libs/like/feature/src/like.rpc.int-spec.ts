import { LikeContract, LikeCreated, LikeRemoved } from '@newsreel/like-contracts';
import { type BrokerHandle, startBroker } from '@newsreel/kafka-broker';
import { type RequestOf, RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { connectRedis } from '@newsreel/shared-redis';
import {
  type TestDatabase,
  createTestDatabase,
  recordEvents,
  type EventRecorder,
  waitFor,
} from '@newsreel/shared-testing';
import { type StartedRpcService, startRpcService } from '@newsreel/shared-service-testing';
import type { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { LikeFeatureModule } from './like-feature.module';

// The like service as it ships (platform module + feature module, SQLite, migrations at start,
// the outbox relay) behind a real NestJS TCP server, called through the typed RpcClient the
// gateway uses, with its events read back from the embedded Kafka broker by kafkajs.
describe('like service over RPC, with events on Kafka', () => {
  let broker: BrokerHandle;
  let database: TestDatabase;
  let service: StartedRpcService<LikeContract>;
  let recorder: EventRecorder;
  let redis: Redis;
  const videos: string[] = [];
  const newVideo = () => {
    const id = uuidv7();
    videos.push(id);
    return id;
  };

  const eventsOf = (topic: string, userId: string, videoId: string) =>
    recorder.received.filter(
      (m) => m.topic === topic && m.payload.userId === userId && m.payload.videoId === videoId,
    );

  beforeAll(async () => {
    broker = await startBroker({ port: 0 });
    database = await createTestDatabase('sqlite', { label: 'like-rpc' });
    service = await startRpcService({
      service: 'like',
      contract: LikeContract,
      imports: [LikeFeatureModule],
      env: {
        NEWSREEL_LIKE_DATABASE_URL: database.url,
        NEWSREEL_KAFKA_BROKERS: broker.address,
        NEWSREEL_REDIS_URL: 'redis://127.0.0.1:6379',
      },
    });

    redis = await connectRedis('redis://127.0.0.1:6379', { name: 'like-test' });
    recorder = await recordEvents([broker.address], [LikeCreated.topic, LikeRemoved.topic]);
  });

  afterAll(async () => {
    await recorder?.stop();
    if (videos.length) await redis?.del(...videos.map((id) => `newsreel:like:count:${id}`));
    redis?.disconnect();
    await service?.close();
    await broker?.stop();
    await database?.cleanup();
  });

  it('answers ping on the like contract', async () => {
    await expect(service.call('ping', {})).resolves.toMatchObject({ service: 'like' });
  });

  it('likes twice and unlikes twice: one like.created.v1 and one like.removed.v1', async () => {
    const [alice, bob, author, video] = [uuidv7(), uuidv7(), uuidv7(), newVideo()];
    const started = Date.now();
    const request = (userId: string) => ({ userId, videoId: video, videoAuthorId: author });

    await expect(service.call('like', request(alice))).resolves.toEqual({
      liked: true,
      likeCount: 1,
    });
    await expect(service.call('like', request(alice))).resolves.toEqual({
      liked: true,
      likeCount: 1,
    });
    await expect(
      service.call('likedBy', { userId: alice, videoIds: [uuidv7(), video] }),
    ).resolves.toEqual({
      videoIds: [video],
    });
    await expect(service.call('unlike', request(alice))).resolves.toEqual({
      liked: false,
      likeCount: 0,
    });
    await expect(service.call('unlike', request(alice))).resolves.toEqual({
      liked: false,
      likeCount: 0,
    });
    await expect(service.call('likedBy', { userId: alice, videoIds: [video] })).resolves.toEqual({
      videoIds: [],
    });
    // Fences: bob's events have the same key (the video), so they follow alice's on the same
    // partition of each topic; once they are in, a duplicate of alice's would have been too.
    await expect(service.call('like', request(bob))).resolves.toEqual({
      liked: true,
      likeCount: 1,
    });
    await expect(service.call('unlike', request(bob))).resolves.toEqual({
      liked: false,
      likeCount: 0,
    });
    await waitFor(
      () =>
        eventsOf(LikeCreated.topic, bob, video).length > 0 &&
        eventsOf(LikeRemoved.topic, bob, video).length > 0,
      { what: "bob's like events" },
    );

    const created = eventsOf(LikeCreated.topic, alice, video);
    const removed = eventsOf(LikeRemoved.topic, alice, video);
    expect(created).toHaveLength(1);
    expect(removed).toHaveLength(1);
    for (const [event, topic] of [
      [created[0], 'like.created.v1'],
      [removed[0], 'like.removed.v1'],
    ] as const) {
      expect(event.key).toBe(video);
      expect(event.headers['event-id']).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
      expect(event.headers['event-type']).toBe(topic);
      expect(event.payload).toEqual({
        userId: alice,
        videoId: video,
        videoAuthorId: author,
        occurredAt: expect.any(String),
      });
      const occurredAt = Date.parse(event.payload.occurredAt as string);
      expect(occurredAt).toBeGreaterThanOrEqual(started);
      expect(occurredAt).toBeLessThanOrEqual(Date.now());
    }
    expect(created[0].headers['event-id']).not.toBe(removed[0].headers['event-id']);
    // Only what happened: alice once each way, bob once each way, nothing else about this video.
    expect(recorder.received.filter((m) => m.payload.videoId === video)).toHaveLength(4);
    // The Redis copy was written through with the committed counter: 4 changes, count 0.
    expect(await redis.hgetall(`newsreel:like:count:${video}`)).toEqual({
      count: '0',
      revision: '4',
    });
  });

  it('settles concurrent identical likes as one like and one event', async () => {
    const [carol, dave, author, video] = [uuidv7(), uuidv7(), uuidv7(), newVideo()];
    const request = (userId: string) => ({ userId, videoId: video, videoAuthorId: author });
    const states = await Promise.all([
      service.call('like', request(carol)),
      service.call('like', request(carol)),
      service.call('like', request(carol)),
    ]);
    expect(states).toEqual(Array(3).fill({ liked: true, likeCount: 1 }));
    await expect(service.call('like', request(dave))).resolves.toEqual({
      liked: true,
      likeCount: 2,
    });
    await waitFor(() => eventsOf(LikeCreated.topic, dave, video).length > 0, {
      what: "dave's like",
    });
    expect(eventsOf(LikeCreated.topic, carol, video)).toHaveLength(1);
  });

  it('refuses bad input with INVALID_ARGUMENT and changes nothing', async () => {
    const video = newVideo();
    const refused = await service.client
      .call('like', { userId: 'not-a-uuid', videoId: video, videoAuthorId: uuidv7() })
      .then(
        () => undefined,
        (error: unknown) => error as RpcError,
      );
    expect(refused).toBeInstanceOf(RpcError);
    expect(refused?.code).toBe(RpcStatus.INVALID_ARGUMENT);
    expect(refused?.details?.map((d) => d.path)).toEqual(['userId']);
    const extra = { userId: uuidv7(), videoId: video, videoAuthorId: uuidv7(), count: 5 };
    await expect(
      service.client.call('like', extra as RequestOf<LikeContract, 'like'>),
    ).rejects.toMatchObject({ code: RpcStatus.INVALID_ARGUMENT });
    await expect(
      service.call('unlike', { userId: uuidv7(), videoId: video, videoAuthorId: uuidv7() }),
    ).resolves.toEqual({
      liked: false,
      likeCount: 0,
    });
  });
});
