import { join } from 'node:path';
import { type RunningPlatform, launchPlatform } from '@newsreel/dev-launcher';
import { type IsolatedPlatformEnv, isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import { waitFor } from '@newsreel/shared-testing';
import { Kafka, logLevel } from 'kafkajs';
import { apiClient, publishVideo, registerUser } from './http-client';
import { openEventStream } from './sse-client';

// Likes, comments, follows and notifications, black-box through the gateway with the real
// processes and the embedded broker: producers never call push; they publish events.
const BACKENDS = [
  { name: 'embedded (SQLite, in-process cache)', real: false },
  { name: 'MariaDB + Redis', real: true },
];

describe.each(BACKENDS)('interactions and notifications on $name', ({ real }) => {
  let platform: RunningPlatform;
  let api: ReturnType<typeof apiClient>;
  let isolated: IsolatedPlatformEnv;
  const unique = () => Math.random().toString(36).slice(2, 10);

  beforeAll(async () => {
    isolated = await isolatedPlatformEnv({
      real: real
        ? { services: ['account', 'video', 'comment', 'like', 'push'], redisDb: 3 }
        : undefined,
    });
    platform = await launchPlatform({ rootDir: join(__dirname, '..'), env: isolated.env });
    api = apiClient(platform.gatewayUrl);
  });

  afterAll(async () => {
    await platform?.stop();
    await isolated?.cleanup();
  });

  const user = () => registerUser(api);
  const publish = (token: string) => publishVideo(api, token);
  const video = async (id: string, token?: string) =>
    (await api('GET', `/api/v1/videos/${id}`, { token })).body;
  const inbox = async (token: string) =>
    (await api('GET', '/api/v1/notifications?limit=50', { token })).body;

  it('notifies the author live (< 1 s) and in the inbox, and keeps counts from events', async () => {
    const a = await user();
    const b = await user();
    const videoId = await publish(a.token);
    const stream = await openEventStream(`${platform.gatewayUrl}/api/v1/notifications/stream`, {
      authorization: `Bearer ${a.token}`,
    });
    expect(stream.status).toBe(200);
    expect(stream.contentType).toContain('text/event-stream');
    try {
      // Like -> live notification.
      let sent = performance.now();
      const liked = await api('PUT', `/api/v1/videos/${videoId}/like`, { token: b.token });
      expect(liked.status).toBe(200);
      expect(liked.body).toEqual({ liked: true, likeCount: 1 });
      const like = await stream.next((e) => e.event === 'notification' && e.data.type === 'like');
      expect(like.receivedAt - sent).toBeLessThan(1000);
      expect(like.data).toMatchObject({ type: 'like', actor: { id: b.id }, videoId, read: false });

      // Comment -> live notification.
      sent = performance.now();
      const comment = await api('POST', `/api/v1/videos/${videoId}/comments`, {
        token: b.token,
        body: { text: 'Great report' },
      });
      expect(comment.status).toBe(201);
      expect(comment.body).toMatchObject({
        videoId,
        authorId: b.id,
        text: 'Great report',
        parentId: null,
        author: { id: b.id },
      });
      const commented = await stream.next((e) => e.data.type === 'comment');
      expect(commented.receivedAt - sent).toBeLessThan(1000);
      expect(commented.data).toMatchObject({
        actor: { id: b.id },
        videoId,
        commentId: comment.body.id,
      });

      // Follow -> live notification.
      sent = performance.now();
      expect((await api('PUT', `/api/v1/users/${a.id}/follow`, { token: b.token })).status).toBe(
        204,
      );
      const followed = await stream.next((e) => e.data.type === 'follow');
      expect(followed.receivedAt - sent).toBeLessThan(1000);

      // A second like changes nothing and notifies nobody.
      expect((await api('PUT', `/api/v1/videos/${videoId}/like`, { token: b.token })).body).toEqual(
        { liked: true, likeCount: 1 },
      );

      // Counts on the video come from events.
      await waitFor(
        async () => {
          const v = await video(videoId, b.token);
          return v.likeCount === 1 && v.commentCount === 1 && v.likedByMe === true;
        },
        { timeoutMs: 5000, what: 'counts 1/1 on the video' },
      );
      expect((await video(videoId, a.token)).likedByMe).toBe(false);

      // The inbox lists each once, newest first, all unread.
      const box = await inbox(a.token);
      expect(box.items.map((n: { type: string }) => n.type)).toEqual(['follow', 'comment', 'like']);
      expect(box.unread).toBe(3);
      expect(stream.events.filter((e) => e.data.type === 'like')).toHaveLength(1);

      // Unlike and delete update the counts.
      expect(
        (await api('DELETE', `/api/v1/videos/${videoId}/like`, { token: b.token })).body,
      ).toEqual({ liked: false, likeCount: 0 });
      expect(
        (await api('DELETE', `/api/v1/comments/${comment.body.id}`, { token: b.token })).status,
      ).toBe(204);
      await waitFor(
        async () => {
          const v = await video(videoId);
          return v.likeCount === 0 && v.commentCount === 0;
        },
        { timeoutMs: 5000, what: 'counts back to 0/0' },
      );

      // Mark read.
      expect((await api('POST', '/api/v1/notifications/read', { token: a.token })).status).toBe(
        204,
      );
      expect((await inbox(a.token)).unread).toBe(0);
    } finally {
      stream.close();
    }
  });

  it('notifies a reply to its parent author, and followers of a new video', async () => {
    const a = await user();
    const b = await user();
    const videoId = await publish(a.token);
    await api('PUT', `/api/v1/users/${a.id}/follow`, { token: b.token });
    const parent = await api('POST', `/api/v1/videos/${videoId}/comments`, {
      token: b.token,
      body: { text: 'First' },
    });
    const reply = await api('POST', `/api/v1/videos/${videoId}/comments`, {
      token: a.token,
      body: { text: 'Thanks', parentId: parent.body.id },
    });
    expect(reply.status).toBe(201);
    const second = await publish(a.token);
    // b followed a just after the first video: whether push saw that follow before it handled
    // the first video's event is a race, so b may be told of both videos; look for the second.
    const aboutSecond = (n: { type: string; videoId?: string }) =>
      n.type === 'video' && n.videoId === second;
    await waitFor(
      async () => {
        const items = (await inbox(b.token)).items as Array<{ type: string; videoId?: string }>;
        return items.some((n) => n.type === 'reply') && items.some(aboutSecond);
      },
      { timeoutMs: 5000, what: 'reply and video notifications for b' },
    );
    const box = await inbox(b.token);
    expect(box.items.find(aboutSecond)).toMatchObject({
      videoId: second,
      actor: { id: a.id },
    });
    // A replied on A's own video: A gets nothing for it.
    expect(
      (await inbox(a.token)).items.filter(
        (n: { type: string }) => n.type !== 'follow' && n.type !== 'comment',
      ),
    ).toEqual([]);
    // The comment list shows both, oldest first.
    const list = await api('GET', `/api/v1/videos/${videoId}/comments`);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([
      parent.body.id,
      reply.body.id,
    ]);
  });

  it('masks sensitive words and refuses bad comments', async () => {
    const a = await user();
    const videoId = await publish(a.token);
    const masked = await api('POST', `/api/v1/videos/${videoId}/comments`, {
      token: a.token,
      body: { text: 'What a damn fine idea' },
    });
    expect(masked.body.text).toBe('What a **** fine idea');
    for (const body of [
      { text: '' },
      { text: 'x'.repeat(501) },
      { text: 'ok', extra: 1 },
      { text: 42 },
    ]) {
      expect(
        (await api('POST', `/api/v1/videos/${videoId}/comments`, { token: a.token, body })).status,
      ).toBe(400);
    }
    expect(
      (
        await api('POST', `/api/v1/videos/${videoId}/comments`, {
          token: a.token,
          body: { text: 'hi', parentId: '01935f2e-8a4b-7c3d-9e2f-0123456789ab' },
        })
      ).status,
    ).toBe(404);
    const other = await user();
    expect(
      (await api('DELETE', `/api/v1/comments/${masked.body.id}`, { token: other.token })).status,
    ).toBe(403);
  });

  it('keeps accepting likes and comments while the broker is down, and delivers every notification once afterwards', async () => {
    const a = await user();
    const b = await user();
    const c = await user();
    const videoId = await publish(a.token);
    await waitFor(async () => (await inbox(a.token)) !== undefined, { timeoutMs: 1000 });

    await platform.kill('kafka');
    expect((await api('PUT', `/api/v1/videos/${videoId}/like`, { token: b.token })).status).toBe(
      200,
    );
    expect((await api('PUT', `/api/v1/videos/${videoId}/like`, { token: c.token })).status).toBe(
      200,
    );
    expect(
      (
        await api('POST', `/api/v1/videos/${videoId}/comments`, {
          token: b.token,
          body: { text: 'while down' },
        })
      ).status,
    ).toBe(201);
    await platform.start('kafka');

    await waitFor(async () => (await inbox(a.token)).items.length >= 3, {
      timeoutMs: 30_000,
      what: 'the 3 notifications after the broker came back',
    });
    await waitFor(
      async () => {
        const v = await video(videoId);
        return v.likeCount === 2 && v.commentCount === 1;
      },
      { timeoutMs: 30_000, what: 'counts 2/1' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1500)); // would any duplicate show up?
    const types = (await inbox(a.token)).items.map((n: { type: string }) => n.type).sort();
    expect(types).toEqual(['comment', 'like', 'like']);
    expect(await video(videoId)).toMatchObject({ likeCount: 2, commentCount: 1 });
  });

  it('ignores a redelivered event: no duplicate notification, no double count', async () => {
    const a = await user();
    const b = await user();
    const videoId = await publish(a.token);
    expect((await api('PUT', `/api/v1/videos/${videoId}/like`, { token: b.token })).status).toBe(
      200,
    );
    await waitFor(
      async () =>
        (await inbox(a.token)).items.length === 1 && (await video(videoId)).likeCount === 1,
      {
        timeoutMs: 5000,
        what: 'the first delivery',
      },
    );

    // Find the original like.created message and publish it again, headers and all.
    const kafka = new Kafka({
      clientId: 'e2e-duplicate',
      brokers: [platform.kafka!.address],
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `e2e-reader-${unique()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: 'like.created.v1', fromBeginning: true });
    const original = await new Promise<{
      key: Buffer | null;
      value: Buffer;
      headers: Record<string, Buffer>;
    }>((resolve) => {
      void consumer.run({
        eachMessage: ({ message }) => {
          if (message.value && JSON.parse(message.value.toString()).videoId === videoId) {
            resolve({
              key: message.key,
              value: message.value,
              headers: message.headers as Record<string, Buffer>,
            });
          }
          return Promise.resolve();
        },
      });
    });
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer();
    await producer.connect();
    try {
      const [sent] = await producer.send({ topic: 'like.created.v1', messages: [original] });
      const offset = Number(sent.baseOffset);
      // Both consumers (push, video) must get past the duplicate: proof it was delivered.
      for (const groupId of ['push', 'video']) {
        await waitFor(
          async () => {
            const [topic] = await admin.fetchOffsets({ groupId, topics: ['like.created.v1'] });
            const part = topic.partitions.find((p) => p.partition === sent.partition);
            return part !== undefined && Number(part.offset) > offset;
          },
          { timeoutMs: 10_000, what: `${groupId} to consume the duplicate` },
        );
      }
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
    expect((await inbox(a.token)).items).toHaveLength(1);
    expect((await video(videoId)).likeCount).toBe(1);
  });
});
