import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { BACKEND_SERVICES } from '@newsreel/shared-config';
import { type RunningPlatform, launchPlatform } from '@newsreel/dev-launcher';
import { DEMO_PASSWORD, DEMO_VIDEOS, seedDemoData } from '@newsreel/seed';
import { isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import { isAlive, waitFor } from '@newsreel/shared-testing';

interface HealthBody {
  status: 'ok' | 'error';
  details: Record<string, { status: 'up' | 'down'; instanceId?: string; reason?: string }>;
}

// Six real OS processes started by the same code as `npm start`, called over real HTTP.
describe('platform: the broker and six services, each its own process', () => {
  let platform: RunningPlatform;
  const logs: string[] = [];

  beforeAll(async () => {
    platform = await launchPlatform({
      rootDir: join(__dirname, '..'),
      env: (await isolatedPlatformEnv()).env,
      onLog: (service, line) => logs.push(`${service} ${line}`),
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('starts the broker and every service as its own process', () => {
    expect(platform.processes.map((p) => p.service).sort()).toEqual([
      'account',
      'comment',
      'gateway',
      'kafka',
      'like',
      'push',
      'video',
    ]);
    const pids = new Set(platform.processes.map((p) => p.pid));
    expect(pids.size).toBe(7);
    expect(platform.processes.every((p) => p.state === 'ready')).toBe(true);
  });

  it('runs the embedded Kafka broker, reachable by a real Kafka client', async () => {
    expect(platform.kafka?.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const kafka = new Kafka({
      clientId: 'e2e',
      brokers: [platform.kafka!.address],
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: 'e2e.checked.v1', numPartitions: 2 }] });
      expect(await admin.listTopics()).toContain('e2e.checked.v1');
    } finally {
      await admin.disconnect();
    }
  });

  it('answers /health/live', async () => {
    const res = await fetch(`${platform.gatewayUrl}/health/live`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as HealthBody).status).toBe('ok');
  });

  it('reports ready with every upstream reached over RPC', async () => {
    const res = await fetch(`${platform.gatewayUrl}/health/ready`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as HealthBody;
    for (const service of BACKEND_SERVICES) {
      expect(body.details[service]).toMatchObject({ status: 'up', instanceId: `${service}-1` });
    }
  });

  it('each service answers its own health check', async () => {
    for (const status of platform.processes.filter((p) => p.service !== 'kafka')) {
      const res = await fetch(`http://127.0.0.1:${status.httpPort}/health/ready`);
      expect(res.status, status.service).toBe(200);
    }
  });

  it('serves Prometheus metrics: requests counted by route pattern, RPC calls by status', async () => {
    expect((await fetch(`${platform.gatewayUrl}/health/ready`)).status).toBe(200);
    const res = await fetch(`${platform.gatewayUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const ready = text
      .split('\n')
      .find(
        (line) =>
          line.startsWith('http_server_requests_total{') &&
          line.includes('route="/health/ready"') &&
          line.includes('status="200"') &&
          line.includes('service="gateway"'),
      );
    expect(ready, text).toBeDefined();
    expect(Number(ready!.split(' ').pop())).toBeGreaterThan(0);
    // The readiness checks reached each service over RPC: the video service counted its pings.
    const video = platform.processes.find((p) => p.service === 'video')!;
    const videoText = await (await fetch(`http://127.0.0.1:${video.httpPort}/metrics`)).text();
    expect(videoText).toMatch(
      /^rpc_server_requests_total\{method="newsreel\.video\.v1\.ping",code="OK",.*\} [1-9]/m,
    );
  });

  it('logs one JSON line per event with service and instance id', () => {
    const ready = logs.find((l) => l.startsWith('video ') && l.includes('"msg":"video ready"'));
    expect(ready).toBeDefined();
    const entry = JSON.parse(ready!.slice('video '.length));
    expect(entry).toMatchObject({ level: 'info', service: 'video', instanceId: 'video-1' });
  });

  it('seeds demo data through the public API, once', async () => {
    expect(await seedDemoData(platform.gatewayUrl)).toEqual({
      usersCreated: 3,
      videosPublished: DEMO_VIDEOS.length,
    });
    expect(await seedDemoData(platform.gatewayUrl)).toEqual({
      usersCreated: 0,
      videosPublished: 0,
    });
    const feed = (await (await fetch(`${platform.gatewayUrl}/api/v1/feed?limit=50`)).json()) as {
      items: Array<{ title: string; mediaUrl: string; author: { username: string } }>;
    };
    expect(feed.items.map((v) => v.title)).toEqual(DEMO_VIDEOS.map((v) => v.title).reverse());
    const media = await fetch(`${platform.gatewayUrl}${feed.items[0].mediaUrl}`);
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('video/mp4');
    const login = await fetch(`${platform.gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
  });

  it('reports a killed service as down (503) and names it', async () => {
    const like = platform.processes.find((p) => p.service === 'like')!;
    process.kill(like.pid!, 'SIGKILL');
    const body = await waitFor(
      async () => {
        const res = await fetch(`${platform.gatewayUrl}/health/ready`);
        return res.status === 503 ? ((await res.json()) as HealthBody) : undefined;
      },
      { timeoutMs: 10_000, what: 'readiness to drop' },
    );
    expect(body.details.like.status).toBe('down');
    expect(body.details.video.status).toBe('up');
  });

  it('stops every process it started', async () => {
    const pids = platform.processes.map((p) => p.pid!);
    await platform.stop();
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
