import { type DynamicModule, Global, Module } from '@nestjs/common';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import { connectRedis } from './connect-redis';
import { RedisConnections } from './redis-connections.provider';
import {
  type OptionalRedis,
  REDIS_CLIENT,
  REDIS_SETTINGS,
  type RedisSettings,
} from './redis.tokens';

/**
 * The process's Redis connection, when `redis.url` is configured: {@link REDIS_CLIENT} holds a
 * connected client (start-up fails if Redis does not answer), the `redis` readiness check
 * reports PING latency, and the connection is closed at shutdown. Without `redis.url`,
 * {@link REDIS_CLIENT} is `undefined` and nothing connects.
 *
 * Needs `REDIS_SETTINGS` and `LOGGER` (from `PlatformModule.forService`). Global, so feature
 * modules inject the client without importing anything.
 */
@Global()
@Module({})
export class RedisModule {
  private static root?: DynamicModule;

  /**
   * The module, always the same object: Nest tells dynamic modules apart by reference, so the
   * app and `CacheModule` may both import `RedisModule.forRoot()` and still share one connection.
   */
  static forRoot(): DynamicModule {
    return (RedisModule.root ??= {
      module: RedisModule,
      providers: [
        {
          provide: REDIS_CLIENT,
          inject: [REDIS_SETTINGS, LOGGER],
          // Async factory: Nest waits for the PING before anything else starts.
          useFactory: async (settings: RedisSettings, logger: Logger): Promise<OptionalRedis> =>
            settings.url === undefined
              ? undefined
              : connectRedis(settings.url, { name: 'shared', logger }),
        },
        RedisConnections,
      ],
      exports: [REDIS_CLIENT, RedisConnections],
    });
  }
}
