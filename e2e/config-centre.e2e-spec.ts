import { join } from 'node:path';
import { type RunningPlatform, launchPlatform } from '@newsreel/dev-launcher';
import { type IsolatedPlatformEnv, isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import { waitFor } from '@newsreel/shared-testing';
import { Redis } from 'ioredis';
import { type ApiResponse, apiClient, publishVideo, registerUser } from './http-client';

// The config centre, black-box through the admin API, on the embedded centre (watched files
// under the data directory) and on Redis: a hot key changes a running service without a
// restart, an invalid value is refused and changes nothing, and only admins get in.
const CENTRES = [
  { name: 'embedded (file) centre', redis: false },
  { name: 'Redis centre', redis: true },
];
const REDIS_DB = 6;
const ADMIN = { username: 'admin', password: 'newsreel-admin-dev' };

describe.each(CENTRES)('configuration centre on the $name', ({ redis }) => {
  let platform: RunningPlatform;
  let api: ReturnType<typeof apiClient>;
  let isolated: IsolatedPlatformEnv;
  let admin: string;

  async function clearRedisCentre() {
    const client = new Redis(`redis://127.0.0.1:6379/${REDIS_DB}`);
    try {
      const keys = await client.keys('newsreel:config:*');
      if (keys.length > 0) await client.del(...keys);
    } finally {
      client.disconnect();
    }
  }

  beforeAll(async () => {
    isolated = await isolatedPlatformEnv({
      label: 'e2e-config',
      real: redis ? { services: [], redisDb: REDIS_DB } : undefined,
    });
    // Explicit, so the suite tests the centre it names even if the defaults change.
    isolated.env.NEWSREEL_CONFIG_CENTRE = redis ? 'redis' : 'file';
    if (redis) await clearRedisCentre();
    platform = await launchPlatform({ rootDir: join(__dirname, '..'), env: isolated.env });
    api = apiClient(platform.gatewayUrl);
    const login = await api('POST', '/api/v1/auth/login', { body: ADMIN });
    expect(login.status, `admin login: ${JSON.stringify(login.body)}`).toBe(200);
    admin = login.body.accessToken;
  });

  afterAll(async () => {
    await platform?.stop();
    await isolated?.cleanup();
    if (redis) await clearRedisCentre();
  });

  const user = async () => (await registerUser(api)).token;
  const publish = (token: string) => publishVideo(api, token);
  const comment = async (token: string, videoId: string, text: string) => {
    const res = await api('POST', `/api/v1/videos/${videoId}/comments`, { token, body: { text } });
    expect(res.status).toBe(201);
    return res.body.text as string;
  };
  const put = (service: string, body: unknown, token = admin): Promise<ApiResponse> =>
    api('PUT', `/api/v1/admin/config/${service}`, { token, body });

  it('lets only admins in: 401 without a token, 403 for a user, 404 for an unknown scope', async () => {
    const token = await user();
    expect((await api('GET', '/api/v1/admin/config/comment')).status).toBe(401);
    expect((await api('GET', '/api/v1/admin/config/comment', { token })).status).toBe(403);
    const forbidden = await put('comment', { 'comment.sensitiveWords': ['x'] }, token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ statusCode: 403, message: 'Admin role required' });
    const unknown = await api('GET', '/api/v1/admin/config/billing', { token: admin });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/No config scope "billing"/);
  });

  it('masks new comments with a new sensitive-word list within 2 s, no restart; an invalid list gets 400 and the old one stays', async () => {
    const token = await user();
    const videoId = await publish(token);
    const before = await api('GET', '/api/v1/admin/config/comment', { token: admin });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      service: 'comment',
      centre: redis ? expect.stringMatching(/^Redis at /) : expect.stringMatching(/^files under /),
    });
    expect(before.body.keys).toContainEqual({
      key: 'comment.sensitiveWords',
      reload: 'hot',
      list: true,
    });
    expect(await comment(token, videoId, 'damn, what a scoop')).toBe('****, what a scoop');

    const changed = await put('comment', { 'comment.sensitiveWords': ['scoop', 'rumour'] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      service: 'comment',
      version: before.body.version + 1,
      values: { 'comment.sensitiveWords': ['scoop', 'rumour'] },
      hot: ['comment.sensitiveWords'],
      pendingRestart: [],
    });
    // The deadline: new comments use the new list within 2 s.
    await waitFor(
      async () => (await comment(token, videoId, 'damn, what a scoop')) === 'damn, what a *****',
      { timeoutMs: 2000, intervalMs: 100, what: 'comments masked with the new list' },
    );

    const invalid = await put('comment', { 'comment.sensitiveWords': ['ok', ''] });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({
      statusCode: 400,
      message:
        'Invalid configuration: comment.sensitiveWords.1: Too small: expected string to have >=1 characters',
      details: [{ path: 'comment.sensitiveWords.1', message: expect.any(String) }],
    });
    const notAList = await put('comment', { 'comment.sensitiveWords': 'scoop' });
    expect(notAList.status).toBe(400);
    expect(notAList.body.message).toMatch(/^Invalid configuration: comment\.sensitiveWords: /);
    // Nothing was written, and the service still masks with the list it had.
    const after = await api('GET', '/api/v1/admin/config/comment', { token: admin });
    expect(after.body).toMatchObject({
      version: changed.body.version,
      values: { 'comment.sensitiveWords': ['scoop', 'rumour'] },
    });
    expect(await comment(token, videoId, 'a rumour, damn')).toBe('a ******, damn');
  });

  it('refuses unknown keys and keys the centre may not hold, naming them', async () => {
    const unknown = await put('shared', { 'comment.words': ['x'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('Invalid configuration: comment.words: unknown key');
    const local = await put('shared', { 'configCentre.source': 'none' });
    expect(local.status).toBe(400);
    expect(local.body.message).toMatch(
      /^Invalid configuration: configCentre\.source: cannot be set in the config centre/,
    );
    const notObject = await put('shared', ['comment.sensitiveWords']);
    expect(notObject.status).toBe(400);
  });

  it('reports a restart-only change as pending restart on the running instance', async () => {
    const res = await put('comment', { 'rpc.timeoutMs': 2500 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ hot: [], pendingRestart: ['rpc.timeoutMs'] });
    const instance = await waitFor(
      async () => {
        const view = await api('GET', '/api/v1/admin/config/comment', { token: admin });
        return view.body.instances.find((i: any) => i.pendingRestart.includes('rpc.timeoutMs'));
      },
      { timeoutMs: 5000, what: 'the comment instance to report the pending restart' },
    );
    expect(instance).toMatchObject({
      service: 'comment',
      instanceId: 'comment-1',
      origin: 'centre',
    });
    expect((await put('comment', { 'rpc.timeoutMs': null })).status).toBe(200);
  });

  it("uses the gateway's live feed.defaultPageSize as the default limit", async () => {
    const token = await user();
    for (let i = 0; i < 3; i++) await publish(token);
    const feed = async (query = '') => (await api('GET', `/api/v1/feed${query}`)).body;
    expect((await feed()).items.length).toBeGreaterThanOrEqual(3);
    expect((await put('gateway', { 'feed.defaultPageSize': 2 })).status).toBe(200);
    await waitFor(async () => (await feed()).items.length === 2, {
      timeoutMs: 2000,
      what: 'pages of 2',
    });
    expect((await feed()).nextCursor).toEqual(expect.any(String));
    // An explicit limit is validated as before.
    expect((await feed('?limit=3')).items).toHaveLength(3);
    expect((await api('GET', '/api/v1/feed?limit=51')).status).toBe(400);
    expect((await put('gateway', { 'feed.defaultPageSize': null })).status).toBe(200);
  });
});
