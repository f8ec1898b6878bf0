import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ReadinessRegistry } from '@newsreel/shared-health';
import { LOGGER, createLogger } from '@newsreel/shared-logging';
import { freePort, waitFor } from '@newsreel/shared-testing';
import type { Redis } from 'ioredis';
import { RedisConnections } from './redis-connections.provider';
import { RedisModule } from './redis.module';
import { REDIS_CLIENT, REDIS_SETTINGS } from './redis.tokens';

// The module in a real Nest application context, against the Redis at 127.0.0.1:6379. The
// platform's global providers (Redis settings, logger, readiness) are stood in for by a small module.
const REDIS_URL = 'redis://127.0.0.1:6379';

@Module({})
class StandInPlatformModule {}
@Module({})
class TestAppModule {}

function appWith(redisUrl: string | undefined): DynamicModule {
  const logger = createLogger({ service: 'video', instanceId: 'video-1', level: 'silent' });
  const platform: DynamicModule = {
    module: StandInPlatformModule,
    global: true,
    providers: [
      { provide: REDIS_SETTINGS, useValue: { url: redisUrl } },
      { provide: LOGGER, useValue: logger },
      ReadinessRegistry,
    ],
    exports: [REDIS_SETTINGS, LOGGER, ReadinessRegistry],
  };
  return {
    module: TestAppModule,
    imports: [platform, RedisModule.forRoot(), RedisModule.forRoot()],
  };
}

const start = (redisUrl: string | undefined) =>
  NestFactory.createApplicationContext(appWith(redisUrl), { logger: false, abortOnError: false });

describe('RedisModule', () => {
  describe('with redis.url set', () => {
    let app: INestApplicationContext;
    let client: Redis;
    beforeAll(async () => {
      app = await start(REDIS_URL);
      await app.init();
      client = app.get<Redis>(REDIS_CLIENT);
    });
    afterAll(() => app?.close());

    it('provides one connected shared client', async () => {
      expect(client.status).toBe('ready');
      await expect(client.client('GETNAME')).resolves.toBe('newsreel-shared');
      expect(app.get(RedisConnections).configured).toBe(true);
    });

    it('registers a "redis" readiness check reporting PING latency', async () => {
      const results = await app.get(ReadinessRegistry).runAll(1000);
      expect(results.redis).toMatchObject({ up: true, latencyMs: expect.any(Number) });
    });

    it('opens dedicated connections, e.g. a subscriber', async () => {
      const subscriber = await app.get(RedisConnections).open('subscriber');
      const channel = `newsreel:test-${process.pid}-${Date.now()}`;
      const received: string[] = [];
      subscriber.on('message', (_channel: string, message: string) => received.push(message));
      await subscriber.subscribe(channel);
      // The shared client keeps working while the subscriber is in subscriber mode.
      await client.publish(channel, 'hello');
      await expect(
        waitFor(() => received[0], { timeoutMs: 2000, what: 'the message' }),
      ).resolves.toBe('hello');
    });
  });

  it('closes the shared client and every extra connection at shutdown', async () => {
    const app = await start(REDIS_URL);
    await app.init();
    const shared = app.get<Redis>(REDIS_CLIENT);
    const extra = await app.get(RedisConnections).open('worker');
    await app.close();
    expect([shared.status, extra.status]).toEqual(['end', 'end']);
  });

  it('provides undefined, no readiness check and no connections without redis.url', async () => {
    const app = await start(undefined);
    await app.init();
    try {
      expect(app.get(REDIS_CLIENT)).toBeUndefined();
      expect(await app.get(ReadinessRegistry).runAll(1000)).toEqual({});
      const connections = app.get(RedisConnections);
      expect(connections.configured).toBe(false);
      await expect(connections.open('subscriber')).rejects.toThrow(
        "Redis connection 'subscriber' needs redis.url (NEWSREEL_REDIS_URL), which is not set",
      );
    } finally {
      await app.close();
    }
  });

  it('fails start-up with a clear message when the configured Redis is unreachable', async () => {
    const port = await freePort();
    await expect(start(`redis://127.0.0.1:${port}`)).rejects.toThrow(
      `Redis at redis://127.0.0.1:${port} (shared) is unreachable: connect ECONNREFUSED`,
    );
  }, 10_000);
});
