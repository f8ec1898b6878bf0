import { createLogger } from '@newsreel/shared-logging';
import { closeRedis, connectRedis } from '@newsreel/shared-redis';
import { type ThrowawayRedis, startRedisServer, waitFor } from '@newsreel/shared-testing';
import type { Redis } from 'ioredis';
import { RedisCache } from './redis.cache';

// Redis going away at runtime: a throwaway redis-server child is killed under a live cache.
// Requests must still succeed (the loader answers), quickly, with the failures counted and
// logged once rather than once per operation.
describe('RedisCache when Redis goes away', () => {
  let server: ThrowawayRedis;
  let client: Redis;
  let cache: RedisCache;
  const lines: Array<{ level: string; msg: string; errorsSinceLastLog?: number }> = [];

  beforeAll(async () => {
    server = await startRedisServer();
    const logger = createLogger({
      service: 'test',
      instanceId: 'test-1',
      level: 'info',
      destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
    client = await connectRedis(server.url, { name: 'cache' });
    cache = new RedisCache(client, { prefix: 'newsreel:test:', logger });

    await cache.set('video:1', { id: 'v1', title: 'cached' }, 60_000);
    await expect(cache.get('video:1')).resolves.toEqual({ id: 'v1', title: 'cached' });
    await server.kill();
    await waitFor(() => client.status !== 'ready', {
      timeoutMs: 3000,
      what: 'the client to notice',
    });
  });

  afterAll(async () => {
    await closeRedis(client);
    await server.kill(); // idempotent
  });

  it('getOrLoad falls through to the loader, fast, and counts the failed read and write', async () => {
    const before = cache.stats();
    const started = Date.now();
    const value = await cache.getOrLoad('video:1', 60_000, () =>
      Promise.resolve({ id: 'v1', title: 'from db' }),
    );
    expect(Date.now() - started).toBeLessThan(500);
    expect(value).toEqual({ id: 'v1', title: 'from db' });
    expect(cache.stats()).toEqual({
      hits: before.hits,
      misses: before.misses + 1,
      errors: before.errors + 2, // the GET and the SET
      loads: before.loads + 1,
    });
  });

  it('still runs one loader for concurrent misses while Redis is down', async () => {
    let calls = 0;
    const loader = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 30));
      return 'fresh';
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => cache.getOrLoad('hot', 60_000, loader)),
    );
    expect(results).toEqual(Array.from({ length: 10 }, () => 'fresh'));
    expect(calls).toBe(1);
  });

  it('namespaces bypass the cache when the version cannot be read, and bump/delete do not throw', async () => {
    const feed = cache.namespace('feed:tech');
    const errors = cache.stats().errors;
    await expect(feed.getOrLoad('page:0', 60_000, () => Promise.resolve(['v9']))).resolves.toEqual([
      'v9',
    ]);
    await expect(feed.version()).resolves.toBeUndefined();
    await expect(feed.bump()).resolves.toBeUndefined();
    await expect(cache.delete('video:1')).resolves.toBeUndefined();
    await expect(cache.get('video:1')).resolves.toBeUndefined();
    expect(cache.stats().errors).toBe(errors + 5);
  });

  it('logs the failures once per interval, not once per operation', () => {
    const warnings = lines.filter((line) => line.msg === 'cache backend failed; treated as a miss');
    expect(cache.stats().errors).toBeGreaterThan(5);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].level).toBe('warn');
  });
});
