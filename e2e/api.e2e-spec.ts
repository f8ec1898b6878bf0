import { join } from 'node:path';
import Redis from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { type RunningPlatform, launchPlatform } from '@newsreel/dev-launcher';
import { type IsolatedPlatformEnv, isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import { apiClient, sendOversizeHead } from './http-client';

// The public API, black-box over HTTP against the real processes: the walk a user takes
// (register, log in, refresh, follow, publish, feeds, delete) and what bad input gets back.
// The same suite runs on the embedded defaults (SQLite files, in-process caches) and on real
// infrastructure (MariaDB database per service, Redis caches).
const BACKENDS = [
  { name: 'embedded (SQLite, in-process cache)', real: false },
  { name: 'MariaDB + Redis', real: true },
];

describe.each(BACKENDS)('public API on $name', ({ real }) => {
  let platform: RunningPlatform;
  let api: ReturnType<typeof apiClient>;
  let isolated: IsolatedPlatformEnv;

  beforeAll(async () => {
    isolated = await isolatedPlatformEnv({
      real: real ? { services: ['account', 'video'], redisDb: 3 } : undefined,
    });
    platform = await launchPlatform({ rootDir: join(__dirname, '..'), env: isolated.env });
    api = apiClient(platform.gatewayUrl);
  });

  afterAll(async () => {
    await platform?.stop();
    await isolated?.cleanup();
  });

  const unique = () => Math.random().toString(36).slice(2, 10);
  const video = (title: string, category = 'tech') => ({
    title,
    category,
    mediaUrl: 'https://media.example.org/v.mp4',
    durationSec: 30,
  });

  async function register(name = `u_${unique()}`) {
    const res = await api('POST', '/api/v1/auth/register', {
      body: { username: name, password: 'correct horse' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as {
      user: { id: string; username: string };
      accessToken: string;
      refreshToken: string;
    };
  }

  describe('the user journey', () => {
    it('registers, logs in, refreshes, follows, publishes, reads feeds and deletes', async () => {
      // Register two users.
      const aliceName = `alice_${unique()}`;
      const alice = await register(aliceName);
      expect(alice.user).toMatchObject({ username: aliceName, displayName: aliceName });
      expect(alice.user).not.toHaveProperty('passwordHash');
      const bob = await register();

      // Duplicate username.
      const dup = await api('POST', '/api/v1/auth/register', {
        body: { username: aliceName, password: 'another pass' },
      });
      expect(dup.status).toBe(409);

      // Log in; a wrong password and an unknown user get the same 401.
      const login = await api('POST', '/api/v1/auth/login', {
        body: { username: aliceName, password: 'correct horse' },
      });
      expect(login.status).toBe(200);
      expect(login.body.user.id).toBe(alice.user.id);
      const wrong = await api('POST', '/api/v1/auth/login', {
        body: { username: aliceName, password: 'wrong horse' },
      });
      const nobody = await api('POST', '/api/v1/auth/login', {
        body: { username: `nobody_${unique()}`, password: 'wrong horse' },
      });
      expect(wrong.status).toBe(401);
      expect(nobody.status).toBe(401);
      expect(wrong.body.message).toBe(nobody.body.message);

      // Refresh rotates; reusing the old token is refused and revokes the family.
      const refreshed = await api('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: login.body.refreshToken },
      });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);
      const reuse = await api('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: login.body.refreshToken },
      });
      expect(reuse.status).toBe(401);
      const afterReuse = await api('POST', '/api/v1/auth/refresh', {
        body: { refreshToken: refreshed.body.refreshToken },
      });
      expect(afterReuse.status).toBe(401);

      // Me.
      const me = await api('GET', '/api/v1/users/me', { token: alice.accessToken });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        id: alice.user.id,
        followerCount: 0,
        followingCount: 0,
        videoCount: 0,
      });

      // Bob follows Alice (twice: idempotent); following yourself is 400.
      expect(
        (await api('PUT', `/api/v1/users/${alice.user.id}/follow`, { token: bob.accessToken }))
          .status,
      ).toBe(204);
      expect(
        (await api('PUT', `/api/v1/users/${alice.user.id}/follow`, { token: bob.accessToken }))
          .status,
      ).toBe(204);
      expect(
        (await api('PUT', `/api/v1/users/${bob.user.id}/follow`, { token: bob.accessToken }))
          .status,
      ).toBe(400);
      const aliceProfile = await api('GET', `/api/v1/users/${alice.user.id}`);
      expect(aliceProfile.body).toMatchObject({ followerCount: 1, followingCount: 0 });

      // Alice publishes five videos (three tech, two sports); Bob one.
      const published: string[] = [];
      for (const [i, category] of ['tech', 'sports', 'tech', 'sports', 'tech'].entries()) {
        const res = await api('POST', '/api/v1/videos', {
          token: alice.accessToken,
          body: video(`Alice ${i}`, category),
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        expect(res.body).toMatchObject({
          authorId: alice.user.id,
          author: { id: alice.user.id, username: aliceName },
          likeCount: 0,
          commentCount: 0,
        });
        published.push(res.body.id);
      }
      const bobVideo = await api('POST', '/api/v1/videos', {
        token: bob.accessToken,
        body: video('Bob 0', 'world'),
      });
      expect(bobVideo.status).toBe(201);

      // Read one video.
      const one = await api('GET', `/api/v1/videos/${published[0]}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        id: published[0],
        title: 'Alice 0',
        category: 'tech',
        description: '',
        coverUrl: null,
        durationSec: 30,
      });
      expect(Date.parse(one.body.publishedAt)).not.toBeNaN();

      // Global feed, paginated 2 at a time, newest first, without gaps or repeats.
      const seen: string[] = [];
      let cursor: string | null | undefined;
      do {
        const page = await api('GET', `/api/v1/feed?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((v: { id: string }) => v.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      const ours = seen.filter((id) => [...published, bobVideo.body.id].includes(id));
      expect(ours).toEqual([bobVideo.body.id, ...[...published].reverse()]);
      expect(new Set(seen).size).toBe(seen.length);

      // Category feed.
      const sports = await api('GET', '/api/v1/feed?category=sports&limit=50');
      const sportsOurs = sports.body.items.filter(
        (v: { authorId: string }) => v.authorId === alice.user.id,
      );
      expect(sportsOurs.map((v: { id: string }) => v.id)).toEqual([published[3], published[1]]);
      expect(sports.body.items.every((v: { category: string }) => v.category === 'sports')).toBe(
        true,
      );

      // Following feed: Bob follows Alice only.
      const following = await api('GET', '/api/v1/feed/following?limit=3', {
        token: bob.accessToken,
      });
      expect(following.status).toBe(200);
      expect(following.body.items.map((v: { id: string }) => v.id)).toEqual([
        published[4],
        published[3],
        published[2],
      ]);
      expect(following.body.nextCursor).toEqual(expect.any(String));
      const followingNext = await api(
        'GET',
        `/api/v1/feed/following?limit=3&cursor=${following.body.nextCursor}`,
        { token: bob.accessToken },
      );
      expect(followingNext.body.items.map((v: { id: string }) => v.id)).toEqual([
        published[1],
        published[0],
      ]);
      expect(followingNext.body.nextCursor).toBeNull();

      // Author feed and counts.
      const authorFeed = await api('GET', `/api/v1/users/${alice.user.id}/videos?limit=50`);
      expect(authorFeed.body.items).toHaveLength(5);
      expect((await api('GET', `/api/v1/users/${alice.user.id}`)).body.videoCount).toBe(5);

      // Delete: Bob may not (403), Alice may (204), then it is gone everywhere (caches included).
      expect(
        (await api('DELETE', `/api/v1/videos/${published[0]}`, { token: bob.accessToken })).status,
      ).toBe(403);
      expect(
        (await api('DELETE', `/api/v1/videos/${published[0]}`, { token: alice.accessToken }))
          .status,
      ).toBe(204);
      expect((await api('GET', `/api/v1/videos/${published[0]}`)).status).toBe(404);
      const afterDelete = await api('GET', `/api/v1/users/${alice.user.id}/videos?limit=50`);
      expect(afterDelete.body.items.map((v: { id: string }) => v.id)).not.toContain(published[0]);

      // Unfollow empties Bob's following feed; logout revokes the session.
      expect(
        (await api('DELETE', `/api/v1/users/${alice.user.id}/follow`, { token: bob.accessToken }))
          .status,
      ).toBe(204);
      expect(
        (await api('GET', '/api/v1/feed/following', { token: bob.accessToken })).body.items,
      ).toEqual([]);
      const session = await api('POST', '/api/v1/auth/login', {
        body: { username: aliceName, password: 'correct horse' },
      });
      expect(
        (
          await api('POST', '/api/v1/auth/logout', {
            body: { refreshToken: session.body.refreshToken },
          })
        ).status,
      ).toBe(204);
      expect(
        (
          await api('POST', '/api/v1/auth/refresh', {
            body: { refreshToken: session.body.refreshToken },
          })
        ).status,
      ).toBe(401);
    });

    // Defined for the real backends only (not skipped elsewhere: there is nothing to check).
    if (real)
      it('kept its data in MariaDB and its caches in Redis, not in embedded stores', async () => {
        const accountDb = await createConnection(isolated.databases[0].url);
        const videoDb = await createConnection(isolated.databases[1].url);
        try {
          const [users] = await accountDb.query('SELECT COUNT(*) AS n FROM users');
          const [videos] = await videoDb.query('SELECT COUNT(*) AS n FROM videos');
          expect(Number((users as Array<{ n: number }>)[0].n)).toBeGreaterThanOrEqual(2);
          expect(Number((videos as Array<{ n: number }>)[0].n)).toBeGreaterThanOrEqual(5);
        } finally {
          await accountDb.end();
          await videoDb.end();
        }
        const redis = new Redis('redis://127.0.0.1:6379/3');
        try {
          const keys = await redis.keys('newsreel:video:cache:*');
          expect(keys.length).toBeGreaterThan(0);
        } finally {
          redis.disconnect();
        }
      });

    it('serves the OpenAPI document generated from the code', async () => {
      const res = await api('GET', '/docs/openapi.json');
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/auth/register',
          '/api/v1/videos/{id}',
          '/api/v1/feed',
          '/api/v1/users/{id}/follow',
        ]),
      );
      const ui = await fetch(`${platform.gatewayUrl}/docs`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger');
    });
  });

  describe('bad input gets a clear 4xx, never a 500', () => {
    let token: string;
    let userId: string;
    beforeAll(async () => {
      const user = await register();
      token = user.accessToken;
      userId = user.user.id;
    });

    const expectError = (res: { status: number; body: any }, status: number, message?: RegExp) => {
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body).toMatchObject({
        statusCode: status,
        error: expect.any(String),
        message: expect.any(String),
      });
      if (message) expect(res.body.message).toMatch(message);
      expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.js:\d+/); // no stack traces
    };

    it.each([
      ['missing fields', { username: 'abc' }, /password/],
      ['wrong types', { username: 123, password: true }, /username/],
      ['bad username characters', { username: 'Bad Name!', password: 'long enough' }, /username/],
      ['too short username', { username: 'ab', password: 'long enough' }, /username/],
      ['too short password', { username: `ok_${unique()}`, password: 'short' }, /password/],
      ['oversize password', { username: `ok_${unique()}`, password: 'x'.repeat(129) }, /password/],
      [
        'unknown fields (no mass assignment)',
        { username: `ok_${unique()}`, password: 'long enough', isAdmin: true },
        /unknown field/,
      ],
      ['an array', [1, 2], undefined],
      ['null', null, undefined],
    ])('register with %s -> 400', async (_name, body, message) => {
      expectError(await api('POST', '/api/v1/auth/register', { body }), 400, message);
    });

    it('malformed JSON -> 400', async () => {
      expectError(
        await api('POST', '/api/v1/auth/login', {
          rawBody: '{"username": "a",',
          headers: { 'content-type': 'application/json' },
        }),
        400,
      );
    });

    it('no body -> 400', async () => {
      expectError(await api('POST', '/api/v1/auth/login'), 400);
    });

    it('a non-JSON content type -> 415', async () => {
      expectError(
        await api('POST', '/api/v1/auth/login', {
          rawBody: 'username=a',
          headers: { 'content-type': 'text/plain' },
        }),
        415,
      );
    });

    it('an oversize body -> 413', async () => {
      const res = await sendOversizeHead(
        platform.gatewayUrl,
        '/api/v1/auth/login',
        2 * 1024 * 1024,
      );
      expectError(res, 413);
    });

    it.each([
      ['empty title', { ...video(''), title: '' }, /title/],
      ['oversize title', video('x'.repeat(121)), /title/],
      ['unknown category', video('ok', 'gossip'), /category/],
      ['duration zero', { ...video('ok'), durationSec: 0 }, /durationSec/],
      ['duration too long', { ...video('ok'), durationSec: 601 }, /durationSec/],
      ['duration as text', { ...video('ok'), durationSec: '30' }, /durationSec/],
      ['oversize description', { ...video('ok'), description: 'x'.repeat(2001) }, /description/],
      ['bad media url', { ...video('ok'), mediaUrl: 'javascript:alert(1)' }, /mediaUrl/],
      [
        'setting the author',
        { ...video('ok'), authorId: '01935f2e-8a4b-7c3d-9e2f-0123456789ab' },
        /unknown field/,
      ],
    ])('publish with %s -> 400', async (_name, body, message) => {
      expectError(await api('POST', '/api/v1/videos', { token, body }), 400, message);
    });

    it('publishing without a token -> 401, with a bad token -> 401', async () => {
      expectError(await api('POST', '/api/v1/videos', { body: video('ok') }), 401);
      expectError(
        await api('POST', '/api/v1/videos', { body: video('ok'), token: 'not.a.jwt' }),
        401,
      );
      expectError(
        await api('GET', '/api/v1/users/me', { headers: { authorization: 'Basic abc' } }),
        401,
      );
    });

    it('bad and unknown ids -> 404', async () => {
      expectError(await api('GET', '/api/v1/videos/not-a-uuid'), 404, /Video not found/);
      expectError(
        await api('GET', '/api/v1/videos/01935f2e-8a4b-7c3d-9e2f-0123456789ab'),
        404,
        /Video not found/,
      );
      expectError(
        await api('GET', '/api/v1/users/01935f2e-8a4b-7c3d-9e2f-0123456789ab'),
        404,
        /User not found/,
      );
      expectError(await api('GET', "/api/v1/users/1' OR '1'='1"), 404);
      expectError(
        await api('PUT', '/api/v1/users/01935f2e-8a4b-7c3d-9e2f-0123456789ab/follow', { token }),
        404,
      );
      expectError(await api('DELETE', '/api/v1/videos/nope', { token }), 404);
      expectError(
        await api('GET', `/api/v1/users/${userId}/videos?cursor=garbage`),
        400,
        /cursor/i,
      );
    });

    it.each([
      ['limit=0', /limit/],
      ['limit=51', /limit/],
      ['limit=ten', /limit/],
      ['category=gossip', /category/],
      ['cursor=not-ours', /cursor/i],
      ['unknown=1', /unknown field/],
    ])('feed with %s -> 400', async (query, message) => {
      expectError(await api('GET', `/api/v1/feed?${query}`), 400, message);
    });

    it('an unknown route -> 404 in the same error shape', async () => {
      expectError(await api('GET', '/api/v1/nothing-here'), 404);
    });

    it('refresh with garbage -> 401, with a wrong type -> 400', async () => {
      expectError(
        await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'garbage' } }),
        401,
      );
      expectError(await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: 42 } }), 400);
    });
  });
});
