import { MetricsRegistry } from './metrics.registry';
import { UNMATCHED_ROUTE, methodLabel, routeLabel } from './http-metrics';

describe('routeLabel', () => {
  it('keeps the route pattern, so every id shares one series', () => {
    expect(routeLabel('/api/v1/videos/:id')).toBe('/api/v1/videos/:id');
    expect(routeLabel('/health/ready')).toBe('/health/ready');
  });

  it('labels a request that matched no route "unmatched", whatever its URL', () => {
    expect(routeLabel(undefined)).toBe(UNMATCHED_ROUTE);
    expect(routeLabel('')).toBe('unmatched');
  });
});

describe('methodLabel', () => {
  it('keeps standard methods, upper-cased', () => {
    expect(methodLabel('GET')).toBe('GET');
    expect(methodLabel('delete')).toBe('DELETE');
  });

  it('folds anything else into OTHER (a client cannot invent series)', () => {
    expect(methodLabel('PROPFIND')).toBe('OTHER');
    expect(methodLabel('X-MADE-UP')).toBe('OTHER');
  });
});

describe('MetricsRegistry', () => {
  const create = () =>
    new MetricsRegistry({ service: 'video', instance: 'video-2', defaultMetrics: false });

  it('labels every series with service and instance', async () => {
    const metrics = create();
    metrics.observeHttp({
      method: 'GET',
      route: '/api/v1/videos/:id',
      status: 200,
      durationSec: 0.02,
    });
    const text = await metrics.metrics();
    expect(text).toContain(
      'http_server_requests_total{method="GET",route="/api/v1/videos/:id",status="200",service="video",instance="video-2"} 1',
    );
    expect(text).toMatch(/http_server_request_duration_seconds_bucket\{le="0\.025",.*\} 1/);
  });

  it('keeps separate registries apart (not the global one)', async () => {
    const a = create();
    const b = create();
    a.observeRpc({ method: 'newsreel.video.v1.ping', code: 'OK', durationSec: 0.001 });
    expect(await a.metrics()).toContain(
      'rpc_server_requests_total{method="newsreel.video.v1.ping",code="OK"',
    );
    expect(await b.metrics()).not.toContain('rpc_server_requests_total{');
  });

  it('counts RPC client attempts by upstream service and instance, keeping its own labels', async () => {
    const metrics = create();
    metrics.observeRpcClient({
      service: 'video',
      instance: 'video-7',
      method: 'newsreel.video.v1.getVideo',
      code: 'UNAVAILABLE',
      durationSec: 0.002,
    });
    const text = await metrics.metrics();
    expect(text).toContain(
      'rpc_client_requests_total{upstream_service="video",upstream_instance="video-7",method="newsreel.video.v1.getVideo",code="UNAVAILABLE",service="video",instance="video-2"} 1',
    );
    expect(text).toContain(
      'rpc_client_request_duration_seconds_count{service="video",instance="video-2",upstream_service="video",method="newsreel.video.v1.getVideo"} 1',
    );
  });

  it('reads registered collectors at scrape time, and survives one that throws', async () => {
    const metrics = create();
    let hits = 1;
    metrics.registerCollector('cache_stats', 'Cache counters.', () => ({ hits, misses: 4 }));
    metrics.registerCollector('broken_stats', 'Fails.', () => {
      throw new Error('gone');
    });
    hits = 7;
    const text = await metrics.metrics();
    expect(text).toContain('cache_stats{stat="hits",service="video",instance="video-2"} 7');
    expect(text).toContain('cache_stats{stat="misses",service="video",instance="video-2"} 4');
    expect(text).not.toContain('broken_stats{');
  });

  it('collects default process metrics unless turned off', async () => {
    const on = new MetricsRegistry({ service: 'video', instance: 'video-1' });
    expect(await on.metrics()).toMatch(
      /process_cpu_user_seconds_total\{service="video",instance="video-1"\}/,
    );
    expect(await on.metrics()).toContain('nodejs_eventloop_lag_seconds');
    expect(await create().metrics()).not.toContain('process_cpu_user_seconds_total');
  });
});
