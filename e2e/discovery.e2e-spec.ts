import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningPlatform, launchPlatform } from '@newsreel/dev-launcher';
import { isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import { type ThrowawayRedis, startRedisServer, waitFor } from '@newsreel/shared-testing';
import { apiClient, publishVideo, registerUser } from './http-client';

interface RegistryView {
  registry: string;
  registryUp: boolean;
  source: 'registry' | 'snapshot';
  services: Record<string, { instanceId: string; lastHeartbeat: string; healthy?: boolean }[]>;
}

const TTL_MS = 4000;
const OUTAGE_MS = 60_000;

// Discovery as a learner breaks it: two video instances behind the gateway, one killed, then the
// registry itself taken away for a minute. Once with the embedded file registry, once with Redis.
describe.each([
  ['the embedded file registry', 'file'],
  ['a Redis registry', 'redis'],
] as const)('service discovery with %s', (_name, kind) => {
  let platform: RunningPlatform;
  let api: ReturnType<typeof apiClient>;
  let registryRedis: ThrowawayRedis | undefined;
  let registryDir: string;
  let adminToken: string;
  let videoId: string;

  const registry = async () => {
    const res = await api<RegistryView>('GET', '/api/v1/admin/registry', { token: adminToken });
    expect(res.status).toBe(200);
    return res.body;
  };
  const videoInstances = async () => (await registry()).services.video?.map((i) => i.instanceId);
  const read = () => api('GET', `/api/v1/videos/${videoId}`);
  const servedBy = (res: { headers: Headers }) =>
    (res.headers.get('x-newsreel-upstream') ?? '').split(',').filter((i) => i.startsWith('video-'));

  /** Reads in a loop until `stop()`; every status is kept, so one failure fails the test. */
  function readLoop() {
    const statuses: number[] = [];
    const servers = new Set<string>();
    let running = true;
    let paused = false;
    const done = (async () => {
      while (running) {
        if (!paused) {
          const res = await read().catch(() => ({ status: 0, headers: new Headers() }));
          statuses.push(res.status);
          servedBy(res).forEach((i) => servers.add(i));
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    return {
      statuses,
      servers,
      pause: () => (paused = true),
      resume: () => (paused = false),
      stop: async () => {
        running = false;
        await done;
      },
    };
  }

  beforeAll(async () => {
    const isolated = await isolatedPlatformEnv({ label: `discovery-${kind}` });
    const env: Record<string, string> = {
      ...isolated.env,
      NEWSREEL_DISCOVERY_TTL_MS: String(TTL_MS),
      NEWSREEL_DISCOVERY_HEARTBEAT_MS: '1000',
    };
    registryDir = join(env.NEWSREEL_DATA_DIR, 'registry');
    if (kind === 'redis') {
      registryRedis = await startRedisServer();
      env.NEWSREEL_DISCOVERY_REGISTRY = 'redis';
      env.NEWSREEL_DISCOVERY_REDIS_URL = registryRedis.url;
    }
    platform = await launchPlatform({
      rootDir: join(__dirname, '..'),
      env,
      scale: { video: 2 },
    });
    api = apiClient(platform.gatewayUrl);
    const login = await api('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: platform.config.auth.adminPassword },
    });
    expect(login.status).toBe(200);
    adminToken = login.body.accessToken;
    const author = await registerUser(api, `disc_${kind}`);
    videoId = await publishVideo(api, author.token, 'scaled');
    await waitFor(async () => (await videoInstances())?.length === 2, {
      timeoutMs: 10_000,
      what: 'the gateway to see both video instances',
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await registryRedis?.kill();
  });

  it('lists every instance with its heartbeat, for admins only', async () => {
    const view = await registry();
    expect(view.registry).toBe(kind);
    expect(view.registryUp).toBe(true);
    expect(Object.keys(view.services)).toEqual(
      expect.arrayContaining(['gateway', 'account', 'video', 'comment', 'like', 'push']),
    );
    const [first] = view.services.video;
    expect(Date.now() - Date.parse(first.lastHeartbeat)).toBeLessThan(TTL_MS);
    expect((await api('GET', '/api/v1/admin/registry')).status).toBe(401);
    const someone = await registerUser(api, `nosy_${kind}`);
    const res = await api('GET', '/api/v1/admin/registry', { token: someone.token });
    expect(res.status).toBe(403);
  });

  it('spreads reads over both video instances', async () => {
    const servers = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const res = await read();
      expect(res.status).toBe(200);
      servedBy(res).forEach((id) => servers.add(id));
    }
    expect([...servers].sort()).toEqual(['video-1', 'video-2']);
  });

  it('kill -9 of one instance during a read loop: no read fails, and it leaves within its TTL', async () => {
    const loop = readLoop();
    await waitFor(() => loop.statuses.length >= 10, { what: 'reads before the kill' });
    await platform.kill('video-2', 'SIGKILL');
    const killedAt = Date.now();
    await waitFor(async () => !(await videoInstances())?.includes('video-2'), {
      timeoutMs: TTL_MS + 3000,
      intervalMs: 100,
      what: 'video-2 to leave the registry',
    });
    const goneAfterMs = Date.now() - killedAt;
    const readsBefore = loop.statuses.length;
    await waitFor(() => loop.statuses.length >= readsBefore + 10, { what: 'reads after' });
    await loop.stop();
    expect(goneAfterMs).toBeLessThanOrEqual(TTL_MS + 1500);
    expect(loop.statuses.filter((s) => s !== 200)).toEqual([]);
    expect(loop.servers).toContain('video-1');
  });

  it(
    'registry outage: reads go on for a minute, a restarted gateway serves from its snapshot, and the restored registry finds new instances',
    async () => {
      await platform.start('video-2');
      await waitFor(async () => (await videoInstances())?.length === 2, {
        what: 'video-2 back in the registry',
      });

      // Take the registry away.
      if (registryRedis) await registryRedis.kill();
      else {
        renameSync(registryDir, `${registryDir}.away`);
        writeFileSync(registryDir, 'not a directory'); // readdir fails: an outage, not "empty"
      }
      const outageStarted = Date.now();
      const loop = readLoop();
      await waitFor(async () => (await registry()).registryUp === false, {
        what: 'the gateway to notice the outage',
      });

      // Restart the gateway in the middle of the outage: it must start from its snapshot.
      await new Promise((resolve) => setTimeout(resolve, 5000));
      loop.pause();
      await platform.kill('gateway', 'SIGTERM');
      await platform.start('gateway');
      const restarted = await registry();
      expect(restarted.source).toBe('snapshot');
      expect(restarted.services.video.map((i) => i.instanceId).sort()).toEqual([
        'video-1',
        'video-2',
      ]);
      loop.resume();

      await waitFor(() => Date.now() - outageStarted >= OUTAGE_MS, {
        timeoutMs: OUTAGE_MS + 5000,
        intervalMs: 500,
        what: 'a minute of outage',
      });
      await loop.stop();
      expect(loop.statuses.length).toBeGreaterThan(100);
      expect(loop.statuses.filter((s) => s !== 200)).toEqual([]);
      expect([...loop.servers].sort()).toEqual(['video-1', 'video-2']);

      // Restore it: a new instance is found again.
      if (registryRedis) await registryRedis.restart();
      else {
        rmSync(registryDir);
        renameSync(`${registryDir}.away`, registryDir);
      }
      await waitFor(async () => (await registry()).registryUp, {
        timeoutMs: 10_000,
        what: 'the gateway to see the registry again',
      });
      const added = await platform.addInstance('video');
      await waitFor(async () => (await videoInstances())?.includes(added.instanceId), {
        timeoutMs: 10_000,
        what: `${added.instanceId} in the registry`,
      });
      await waitFor(
        async () => {
          const res = await read();
          return res.status === 200 && servedBy(res).includes(added.instanceId);
        },
        { timeoutMs: 10_000, what: `a read served by ${added.instanceId}` },
      );
    },
    OUTAGE_MS + 90_000,
  );
});
