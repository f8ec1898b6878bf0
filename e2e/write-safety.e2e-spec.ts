import { join } from 'node:path';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { RpcError, RpcStatus } from '@newsreel/shared-contracts';
import { type RunningPlatform, launchPlatform } from '@newsreel/dev-launcher';
import { type IsolatedPlatformEnv, isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import { firstValueFrom } from 'rxjs';
import { apiClient, publishVideo, registerUser } from './http-client';
import { openEventStream } from './sse-client';

// Writes and internal trust, black-box with the real processes: a retried write is not written
// twice, a committed write is never answered with an error, and reaching a service's RPC port is
// not enough to act on it.
describe('write safety and internal trust', () => {
  let platform: RunningPlatform;
  let isolated: IsolatedPlatformEnv;
  let api: ReturnType<typeof apiClient>;
  const unique = () => Math.random().toString(36).slice(2, 10);
  const videoBody = (title = `clip ${unique()}`) => ({
    title,
    category: 'tech',
    mediaUrl: '/media/clip-01.mp4',
    durationSec: 3,
  });

  beforeAll(async () => {
    isolated = await isolatedPlatformEnv();
    platform = await launchPlatform({ rootDir: join(__dirname, '..'), env: isolated.env });
    api = apiClient(platform.gatewayUrl);
  });
  afterAll(async () => {
    await platform?.stop();
    await isolated?.cleanup();
  });

  const videosOf = async (userId: string) =>
    (await api('GET', `/api/v1/users/${userId}/videos?limit=50`)).body.items as { id: string }[];
  const commentsOf = async (videoId: string) =>
    (await api('GET', `/api/v1/videos/${videoId}/comments?limit=50`)).body.items as {
      id: string;
    }[];

  describe('Idempotency-Key', () => {
    it('replays the first answer of a publish and writes one video', async () => {
      const user = await registerUser(api);
      const key = `publish-${unique()}`;
      const body = videoBody();
      const first = await api('POST', '/api/v1/videos', {
        token: user.token,
        body,
        headers: { 'idempotency-key': key },
      });
      const retry = await api('POST', '/api/v1/videos', {
        token: user.token,
        body,
        headers: { 'idempotency-key': key },
      });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('idempotency-replayed')).toBe('true');
      expect(first.headers.get('idempotency-replayed')).toBeNull();
      expect((await videosOf(user.id)).map((v) => v.id)).toEqual([first.body.id]);
    });

    it('refuses a key reused for another body (422), keeps keys per user, and needs a sane key (400)', async () => {
      const [a, b] = [await registerUser(api), await registerUser(api)];
      const key = `k-${unique()}`;
      const headers = { 'idempotency-key': key };
      expect(
        (await api('POST', '/api/v1/videos', { token: a.token, body: videoBody('one'), headers }))
          .status,
      ).toBe(201);
      const other = await api('POST', '/api/v1/videos', {
        token: a.token,
        body: videoBody('two'),
        headers,
      });
      expect(other.status).toBe(422);
      expect(other.body.message).toBe('This Idempotency-Key was used for a different request');
      // Another user's identical key is theirs: it writes.
      const theirs = await api('POST', '/api/v1/videos', {
        token: b.token,
        body: videoBody('one'),
        headers,
      });
      expect(theirs.status).toBe(201);
      expect((await videosOf(a.id)).length).toBe(1);
      expect((await videosOf(b.id)).length).toBe(1);
      const bad = await api('POST', '/api/v1/videos', {
        token: a.token,
        body: videoBody(),
        headers: { 'idempotency-key': 'x'.repeat(256) },
      });
      expect(bad.status).toBe(400);
    });

    it('lets concurrent retries through at most once (the rest 409 or the replay)', async () => {
      const user = await registerUser(api);
      const headers = { 'idempotency-key': `burst-${unique()}` };
      const body = videoBody();
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          api('POST', '/api/v1/videos', { token: user.token, body, headers }),
        ),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id as string));
      expect(ids.size).toBe(1);
      expect((await videosOf(user.id)).map((v) => v.id)).toEqual([...ids]);
    });

    it('replays a comment too', async () => {
      const user = await registerUser(api);
      const videoId = await publishVideo(api, user.token);
      const headers = { 'idempotency-key': `c-${unique()}` };
      const send = () =>
        api('POST', `/api/v1/videos/${videoId}/comments`, {
          token: user.token,
          body: { text: 'first!' },
          headers,
        });
      const [first, retry] = [await send(), await send()];
      expect([first.status, retry.status]).toEqual([201, 201]);
      expect(retry.body.id).toBe(first.body.id);
      expect((await commentsOf(videoId)).length).toBe(1);
    });

    it('is documented on every write route but the auth ones', async () => {
      const doc = (await api('GET', '/docs/openapi.json')).body as {
        paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
      };
      const posts = Object.entries(doc.paths).filter(
        ([path, ops]) => ops.post && !path.includes('/auth/'),
      );
      expect(posts.length).toBeGreaterThanOrEqual(3);
      for (const [path, ops] of posts) {
        const names = (ops.post.parameters ?? [])
          .filter((p) => p.in === 'header')
          .map((p) => p.name);
        expect(names, path).toContain('Idempotency-Key');
      }
    });
  });

  it('answers writes made while account is down with success, and stores each exactly once', async () => {
    const user = await registerUser(api);
    const target = await publishVideo(api, user.token);
    await platform.kill('account');
    try {
      const published: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const res = await api('POST', '/api/v1/videos', { token: user.token, body: videoBody() });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        // The author comes from the caller's token while account cannot be asked.
        expect(res.body.author).toEqual({
          id: user.id,
          username: user.username,
          displayName: user.username,
        });
        published.push(res.body.id as string);
      }
      for (let i = 0; i < 5; i += 1) {
        const res = await api('POST', `/api/v1/videos/${target}/comments`, {
          token: user.token,
          body: { text: `c${i}` },
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        expect(res.body.author.id).toBe(user.id);
      }
      // A read that needs account says so, without internals in the body (outside development).
      const me = await api('GET', '/api/v1/users/me', { token: user.token });
      expect(me.status).toBe(503);
      expect(me.body.message).toBe('Service unavailable; try again later');
      expect(JSON.stringify(me.body)).not.toMatch(/account-1|ECONN|newsreel\.account/);
    } finally {
      await platform.start('account');
    }
    expect((await videosOf(user.id)).length).toBe(6);
    expect((await commentsOf(target)).length).toBe(5);
  });

  it('ends a session at the gateway on logout and on refresh-token reuse, not 15 minutes later', async () => {
    const user = await registerUser(api);
    const login = async () =>
      (
        await api('POST', '/api/v1/auth/login', {
          body: { username: user.username, password: 'correct horse' },
        })
      ).body as { accessToken: string; refreshToken: string };
    const me = (token: string) => api('GET', '/api/v1/users/me', { token });
    const [kept, ended, reused] = [await login(), await login(), await login()];
    for (const session of [kept, ended, reused])
      expect((await me(session.accessToken)).status).toBe(200);
    const stream = await openEventStream(`${platform.gatewayUrl}/api/v1/notifications/stream`, {
      authorization: `Bearer ${ended.accessToken}`,
    });
    expect(stream.status).toBe(200);

    expect(
      (await api('POST', '/api/v1/auth/logout', { body: { refreshToken: ended.refreshToken } }))
        .status,
    ).toBe(204);
    // A rotated refresh token used again revokes its family (it may be a thief's copy).
    const rotated = await api('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: reused.refreshToken },
    });
    expect(rotated.status).toBe(200);
    expect(
      (await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: reused.refreshToken } }))
        .status,
    ).toBe(401);

    for (const token of [
      ended.accessToken,
      reused.accessToken,
      rotated.body.accessToken as string,
    ]) {
      await vi.waitFor(
        async () => {
          const res = await me(token);
          expect(res.status).toBe(401);
          expect(res.body.message).toBe('This session has ended; log in again');
        },
        { timeout: 10_000, interval: 100 },
      );
    }
    // Its open stream was ended by the server, a new one is refused; the other session goes on.
    await expect(
      Promise.race([
        stream.ended.then(() => 'ended'),
        new Promise((r) => setTimeout(() => r('open'), 5000)),
      ]),
    ).resolves.toBe('ended');
    expect(
      (await api('GET', `/api/v1/notifications/stream?access_token=${ended.accessToken}`)).status,
    ).toBe(401);
    expect((await me(kept.accessToken)).status).toBe(200);
  });

  it('refuses a raw RPC frame that names another user (no service token), and the video stays', async () => {
    const owner = await registerUser(api);
    const videoId = await publishVideo(api, owner.token);
    const video = platform.processes.find((p) => p.service === 'video')!;
    const raw = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: video.rpcPort! },
    });
    try {
      const error = await firstValueFrom(
        raw.send('newsreel.video.v1.deleteVideo', {
          payload: { id: videoId, requesterId: owner.id },
          meta: { caller: 'gateway' },
        }),
      ).catch((e: unknown) => e);
      expect(RpcError.fromPayload(error).code).toBe(RpcStatus.UNAUTHENTICATED);
    } finally {
      await raw.close();
    }
    expect((await api('GET', `/api/v1/videos/${videoId}`)).status).toBe(200);
  });
});
