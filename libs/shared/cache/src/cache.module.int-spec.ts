import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PLATFORM_CONFIG, SERVICE_INFO, platformConfigSchema } from '@newsreel/shared-config';
import { ReadinessRegistry } from '@newsreel/shared-health';
import { LOGGER, createLogger } from '@newsreel/shared-logging';
import { REDIS_CLIENT, REDIS_SETTINGS, RedisModule } from '@newsreel/shared-redis';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { CacheModule } from './cache.module';
import type { Cache } from './cache.port';
import { CACHE } from './cache.tokens';
import { MemoryCache } from './memory.cache';
import { RedisCache } from './redis.cache';

// The adapter choice in a real Nest context: Redis when `redis.url` is set (on the app's shared
// connection, at 127.0.0.1:6379), memory otherwise. Platform providers are stood in for.
@Module({})
class StandInPlatformModule {}
@Module({})
class TestAppModule {}

async function start(redisUrl: string | undefined): Promise<INestApplicationContext> {
  const platform: DynamicModule = {
    module: StandInPlatformModule,
    global: true,
    providers: [
      {
        provide: PLATFORM_CONFIG,
        useValue: platformConfigSchema.parse({ redis: { url: redisUrl } }),
      },
      {
        provide: LOGGER,
        useValue: createLogger({ service: 'video', instanceId: 'video-1', level: 'silent' }),
      },
      { provide: SERVICE_INFO, useValue: { name: 'video', version: 'test' } },
      { provide: REDIS_SETTINGS, useValue: { url: redisUrl } },
      ReadinessRegistry,
    ],
    exports: [PLATFORM_CONFIG, LOGGER, SERVICE_INFO, REDIS_SETTINGS, ReadinessRegistry],
  };
  // The app imports RedisModule itself too, as a service using Redis directly would.
  const app = {
    module: TestAppModule,
    imports: [platform, RedisModule.forRoot(), CacheModule.forService()],
  };
  const context = await NestFactory.createApplicationContext(app, {
    logger: false,
    abortOnError: false,
  });
  return context.init();
}

describe('CacheModule.forService', () => {
  it('uses RedisCache on the shared client, prefixed per service, when redis.url is set', async () => {
    const app = await start('redis://127.0.0.1:6379');
    const key = `int-test-${randomUUID()}`;
    const redis = app.get<Redis>(REDIS_CLIENT);
    try {
      const cache = app.get<Cache>(CACHE);
      expect(cache).toBeInstanceOf(RedisCache);
      await cache.set(key, { ok: true }, 10_000);
      await expect(redis.get(`newsreel:video:cache:${key}`)).resolves.toBe('{"ok":true}');
      // Cache failures are not readiness failures: the only check is the connection's.
      expect(Object.keys(await app.get(ReadinessRegistry).runAll(1000))).toEqual(['redis']);
    } finally {
      await redis.del(`newsreel:video:cache:${key}`);
      await app.close();
    }
    expect(redis.status).toBe('end');
  });

  it('uses MemoryCache when redis.url is not set', async () => {
    const app = await start(undefined);
    try {
      const cache = app.get<Cache>(CACHE);
      expect(cache).toBeInstanceOf(MemoryCache);
      expect(app.get(REDIS_CLIENT)).toBeUndefined();
      await expect(cache.getOrLoad('k', 1000, () => Promise.resolve(42))).resolves.toBe(42);
      await expect(cache.get('k')).resolves.toBe(42);
    } finally {
      await app.close();
    }
  });
});
