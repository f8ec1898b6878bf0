import { join } from 'node:path';
import { type RunningPlatform, launchPlatform } from '@newsreel/dev-launcher';
import { type IsolatedPlatformEnv, isolatedPlatformEnv } from '@newsreel/shared-service-testing';
import { waitFor } from '@newsreel/shared-testing';
import { apiClient, publishVideo, registerUser } from './http-client';
import { type Sample, findSamples, scrape, sumOf } from './prometheus-text';

// After real traffic through the gateway, every process's /metrics shows it: HTTP requests by
// route pattern with latency buckets (gateway), RPC calls (like service), the Kafka consumer
// that turned the like into a notification (push), and the outbox (like).
describe('metrics after traffic', () => {
  let platform: RunningPlatform;
  let isolated: IsolatedPlatformEnv;
  let api: ReturnType<typeof apiClient>;
  const urlOf = (service: string) => {
    const process = platform.processes.find((p) => p.service === service);
    if (!process) throw new Error(`no ${service} process`);
    return `http://127.0.0.1:${process.httpPort}`;
  };

  /** The routes the traffic below uses, as the gateway labels them. */
  const ROUTES = [
    { method: 'POST', route: '/api/v1/auth/register', status: '201' },
    { method: 'POST', route: '/api/v1/videos', status: '201' },
    { method: 'PUT', route: '/api/v1/videos/:id/like', status: '200' },
    { method: 'POST', route: '/api/v1/videos/:id/comments', status: '201' },
    { method: 'GET', route: '/api/v1/feed', status: '200' },
  ];

  beforeAll(async () => {
    isolated = await isolatedPlatformEnv();
    platform = await launchPlatform({ rootDir: join(__dirname, '..'), env: isolated.env });
    api = apiClient(platform.gatewayUrl);

    const register = async (name: string) => (await registerUser(api, name)).token;
    const author = await register('author');
    const fan = await register('fan');
    const videoId = await publishVideo(api, author, 'Metrics');
    expect((await api('PUT', `/api/v1/videos/${videoId}/like`, { token: fan })).status).toBe(200);
    const comment = await api('POST', `/api/v1/videos/${videoId}/comments`, {
      token: fan,
      body: { text: 'Counted' },
    });
    expect(comment.status).toBe(201);
    expect((await api('GET', '/api/v1/feed?limit=10')).status).toBe(200);
  });

  afterAll(async () => {
    await platform?.stop();
    await isolated?.cleanup();
  });

  it('counts the gateway requests by route pattern, with latency buckets', async () => {
    const samples = await scrape(platform.gatewayUrl);
    for (const { method, route, status } of ROUTES) {
      const labels = { service: 'gateway', method, route, status };
      expect(sumOf(samples, 'http_server_requests_total', labels), route).toBeGreaterThan(0);
      expect(
        sumOf(samples, 'http_server_request_duration_seconds_count', labels),
        route,
      ).toBeGreaterThan(0);
      const buckets = findSamples(samples, 'http_server_request_duration_seconds_bucket', labels);
      expect(buckets.find((b) => b.labels.le === '+Inf')?.value, route).toBeGreaterThan(0);
      // Some finite bucket holds the requests too: the histogram measured real durations.
      expect(
        buckets.some((b) => b.labels.le !== '+Inf' && b.value > 0),
        route,
      ).toBe(true);
    }
    // Raw URLs (with ids) never become labels.
    expect(
      findSamples(samples, 'http_server_requests_total').every(
        (s) => !/[0-9a-f]{8}-[0-9a-f]{4}-/.test(s.labels.route ?? ''),
      ),
    ).toBe(true);
  });

  it('counts the RPC calls the like service served, with latency buckets', async () => {
    const samples = await scrape(urlOf('like'));
    const labels = { service: 'like', method: 'newsreel.like.v1.like' };
    expect(sumOf(samples, 'rpc_server_requests_total', { ...labels, code: 'OK' })).toBeGreaterThan(
      0,
    );
    expect(
      findSamples(samples, 'rpc_server_request_duration_seconds_bucket', {
        ...labels,
        le: '+Inf',
      })[0]?.value,
    ).toBeGreaterThan(0);
  });

  it('shows the like published through the outbox, and its backlog', async () => {
    const samples = await waitFor(
      async () => {
        const scraped = await scrape(urlOf('like'));
        return sumOf(scraped, 'outbox_published_total', { topic: 'like.created.v1' }) > 0
          ? scraped
          : undefined;
      },
      { what: 'the like event to be published' },
    );
    const backlog = findSamples(samples, 'outbox_backlog', { service: 'like' });
    expect(backlog).toHaveLength(1);
    expect(Number.isFinite(backlog[0].value)).toBe(true);
    expect(backlog[0].value).toBeGreaterThanOrEqual(0);
  });

  it('shows the push consumer handling the like: messages, handler durations and lag', async () => {
    const processed = {
      service: 'push',
      topic: 'like.created.v1',
      group: 'push',
      outcome: 'processed',
    };
    const samples: Sample[] = await waitFor(
      async () => {
        const scraped = await scrape(urlOf('push'));
        return sumOf(scraped, 'kafka_consumer_messages_total', processed) > 0 ? scraped : undefined;
      },
      { what: 'the push service to consume like.created.v1' },
    );
    expect(
      sumOf(samples, 'kafka_consumer_handler_duration_seconds_count', processed),
    ).toBeGreaterThan(0);
    expect(
      findSamples(samples, 'kafka_consumer_handler_duration_seconds_bucket', {
        ...processed,
        le: '+Inf',
      })[0]?.value,
    ).toBeGreaterThan(0);
    const lag = findSamples(samples, 'kafka_consumer_lag', {
      service: 'push',
      topic: 'like.created.v1',
      group: 'push',
    });
    expect(lag.length).toBeGreaterThan(0);
    for (const partition of lag) expect(partition.value).toBeGreaterThanOrEqual(0);
  });

  it('exposes event-loop lag, process memory and the cache counters', async () => {
    const samples = await scrape(urlOf('video'));
    expect(
      findSamples(samples, 'nodejs_eventloop_lag_p99_seconds', { service: 'video' }),
    ).toHaveLength(1);
    expect(sumOf(samples, 'process_resident_memory_bytes', { service: 'video' })).toBeGreaterThan(
      0,
    );
    // The feed went through the video service's cache: a miss at least.
    expect(sumOf(samples, 'cache_stats', { service: 'video', stat: 'misses' })).toBeGreaterThan(0);
  });
});
