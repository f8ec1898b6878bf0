/**
 * Benchmark of the event path, in one run on this machine:
 *  1. like -> notification latency: user B likes a video of user A; the time until the
 *     notification arrives on A's open stream (gateway -> like -> outbox -> Kafka -> push ->
 *     outbox -> Kafka -> gateway -> SSE), p50/p99 over `--samples` sequential likes;
 *  2. like throughput: `PUT /api/v1/videos/:id/like` requests per second through the gateway,
 *     every request a new (user, video) pair, so each one writes and publishes.
 *
 *   npm run bench:likes [-- --samples 1000 --duration 10 --connections 20 --real]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchPlatform } from '@newsreel/dev-launcher';
import { BACKEND_SERVICES } from '@newsreel/shared-config';
import { isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import autocannon from 'autocannon';
import { percentile } from './stats';

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    users: { type: 'string', default: '20' },
    videos: { type: 'string', default: '1000' },
    real: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const isolated = await isolatedPlatformEnv({
    label: 'bench',
    real: values.real ? { services: BACKEND_SERVICES, redisDb: 4 } : undefined,
  });
  // Services log only warnings, so the output is the results.
  const env = { ...isolated.env, NEWSREEL_LOG_LEVEL: 'warn' };
  const platform = await launchPlatform({ rootDir: join(__dirname, '..', '..', '..', '..'), env });
  const base = platform.gatewayUrl;
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  };
  const register = async (name: string) =>
    (await call('POST', '/api/v1/auth/register', undefined, {
      username: name,
      password: 'bench password',
    })) as {
      accessToken: string;
      user: { id: string };
    };
  try {
    const tag = Date.now().toString(36);
    const author = await register(`author_${tag}`);
    const liker = await register(`liker_${tag}`);
    const video = (title: string) =>
      call('POST', '/api/v1/videos', author.accessToken, {
        title,
        category: 'tech',
        mediaUrl: '/media/clip-01.mp4',
        durationSec: 3,
      });
    const first = await video('latency');

    // 1. Latency: like, wait for the stream event, unlike (not timed), repeat.
    const stream = await fetch(`${base}/api/v1/notifications/stream`, {
      headers: { authorization: `Bearer ${author.accessToken}` },
    });
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const nextNotification = async () => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.includes('event: notification')) return;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream closed');
        buffer += value;
      }
    };
    const latencies: number[] = [];
    const samples = Number(values.samples);
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      await call('PUT', `/api/v1/videos/${String(first.id)}/like`, liker.accessToken);
      await nextNotification();
      latencies.push(performance.now() - started);
      await call('DELETE', `/api/v1/videos/${String(first.id)}/like`, liker.accessToken);
    }
    await reader.cancel();
    latencies.sort((a, b) => a - b);

    // 2. Throughput: distinct (user, video) pairs, so every request is a new like.
    const users: Array<{ accessToken: string }> = [];
    for (let i = 0; i < Number(values.users); i++) users.push(await register(`fan${i}_${tag}`));
    const videos: string[] = [];
    for (let i = 0; i < Number(values.videos); i++)
      videos.push((await video(`bench ${i}`)).id as string);
    let n = 0;
    const result = await autocannon({
      url: base,
      connections: Number(values.connections),
      duration: Number(values.duration),
      requests: [
        {
          method: 'PUT',
          setupRequest: (request) => {
            const i = n++;
            const user = users[i % users.length];
            const videoId = videos[Math.floor(i / users.length) % videos.length];
            return {
              ...request,
              path: `/api/v1/videos/${videoId}/like`,
              headers: { authorization: `Bearer ${user.accessToken}` },
            };
          },
        },
      ],
    });
    const distinct = users.length * videos.length;
    console.log(
      `\nEvent path, ${values.real ? 'MariaDB + Redis' : 'embedded (SQLite, in-process cache)'}, embedded Kafka broker:`,
    );
    console.table({
      'like -> notification on stream': {
        samples,
        'p50 ms': +percentile(latencies, 50).toFixed(2),
        'p99 ms': +percentile(latencies, 99).toFixed(2),
        'max ms': +latencies[latencies.length - 1].toFixed(2),
      },
    });
    console.table({
      'PUT /videos/:id/like': {
        'req/s': Math.round(result.requests.average),
        'p50 ms': result.latency.p50,
        'p99 ms': result.latency.p99,
        requests: result.requests.total,
        'of which new likes': Math.min(result.requests.total, distinct),
        errors: result.errors,
        non2xx: result.non2xx,
      },
    });
  } finally {
    await platform.stop();
    await isolated.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
