import { MetricsRegistry } from '@newsreel/shared-metrics';
import { CacheMetrics } from './cache-metrics';
import { MemoryCache } from './memory.cache';

describe('CacheMetrics', () => {
  it('exposes the cache stats as gauges read at scrape time', async () => {
    const cache = new MemoryCache({});
    const metrics = new MetricsRegistry({
      service: 'video',
      instance: 'video-1',
      defaultMetrics: false,
    });
    new CacheMetrics(cache, metrics).onModuleInit();
    await cache.set('a', 1, 60_000);
    await cache.get('a');
    await cache.get('b');
    await cache.get('c');
    const text = await metrics.metrics();
    expect(text).toMatch(/^cache_stats\{stat="hits",.*\} 1$/m);
    expect(text).toMatch(/^cache_stats\{stat="misses",.*\} 2$/m);
    expect(text).toMatch(/^cache_stats\{stat="errors",.*\} 0$/m);
  });

  it('does nothing without a metrics registry', () => {
    expect(() => new CacheMetrics(new MemoryCache({})).onModuleInit()).not.toThrow();
  });
});
