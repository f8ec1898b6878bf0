import { type DynamicModule, Global, Module } from '@nestjs/common';
import {
  PLATFORM_CONFIG,
  type PlatformConfig,
  SERVICE_INFO,
  type ServiceInfo,
} from '@newsreel/shared-config';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import { type OptionalRedis, REDIS_CLIENT, RedisModule } from '@newsreel/shared-redis';
import { CacheMetrics } from './cache-metrics';
import type { Cache } from './cache.port';
import { CACHE } from './cache.tokens';
import { MemoryCache } from './memory.cache';
import { RedisCache } from './redis.cache';

/** Options of {@link CacheModule.forService}. */
export interface CacheModuleOptions {
  /** Bound of the in-memory adapter (used when Redis is not configured). Default 10 000. */
  memoryMaxEntries?: number;
}

/**
 * Provides the service's {@link Cache} under {@link CACHE}: a {@link RedisCache} on the shared
 * client when `redis.url` is configured (keys prefixed `newsreel:<service>:cache:`), a
 * {@link MemoryCache} otherwise. Redis being configured but unreachable fails start-up (in
 * `RedisModule`); Redis failing later only turns lookups into misses.
 *
 * Needs `PlatformModule.forService` (config, logger, service name). Global, so feature modules
 * inject `@Inject(CACHE) cache: Cache` without importing it.
 */
@Global()
@Module({})
export class CacheModule {
  static forService(options: CacheModuleOptions = {}): DynamicModule {
    return {
      module: CacheModule,
      // The same (memoised) module object the app may import too: one shared connection.
      imports: [RedisModule.forRoot()],
      providers: [
        {
          provide: CACHE,
          inject: [PLATFORM_CONFIG, SERVICE_INFO, LOGGER, REDIS_CLIENT],
          useFactory: (
            config: PlatformConfig,
            info: ServiceInfo,
            logger: Logger,
            redis: OptionalRedis,
          ): Cache => {
            const cacheLogger = logger.child({ component: 'cache' });
            if (config.redis.url === undefined) {
              return new MemoryCache({ maxEntries: options.memoryMaxEntries, logger: cacheLogger });
            }
            // RedisModule either connected or failed start-up; anything else is a wiring bug.
            if (!redis)
              throw new Error('CacheModule: redis.url is set but RedisModule provided no client');
            // `cache:` keeps cache keys apart from the same service's other Redis data (counters).
            return new RedisCache(redis, {
              prefix: `newsreel:${info.name}:cache:`,
              logger: cacheLogger,
            });
          },
        },
        CacheMetrics,
      ],
      exports: [CACHE],
    };
  }
}
