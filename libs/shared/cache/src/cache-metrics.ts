import { Inject, Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import { MetricsRegistry } from '@newsreel/shared-metrics';
import type { Cache } from './cache.port';
import { CACHE } from './cache.tokens';

/**
 * Exposes the cache's {@link Cache.stats} as `cache_stats{stat="hits|misses|errors|loads"}`,
 * read at each scrape of `/metrics`. Optional: without a metrics registry it does nothing.
 */
@Injectable()
export class CacheMetrics implements OnModuleInit {
  constructor(
    @Inject(CACHE) private readonly cache: Cache,
    @Optional() private readonly metrics?: MetricsRegistry,
  ) {}

  onModuleInit(): void {
    this.metrics?.registerCollector(
      'cache_stats',
      'Cache counters since start (hits, misses, backend errors, loader calls).',
      () => ({ ...this.cache.stats() }),
    );
  }
}
