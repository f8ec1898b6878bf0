import { connectRedis } from '@newsreel/shared-redis';
import type { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { RedisLikeCountCache } from './redis-like-count.cache';

// Against the Redis at 127.0.0.1:6379: the key layout other tools rely on, the revision guard
// done atomically in Redis, the TTL, and a dead connection degrading into misses.
describe('RedisLikeCountCache', () => {
  const url = 'redis://127.0.0.1:6379';
  let client: Redis;
  const videos: string[] = [];
  const video = () => {
    const id = uuidv7();
    videos.push(id);
    return id;
  };

  beforeAll(async () => {
    client = await connectRedis(url, { name: 'like-count-test' });
  });

  afterAll(async () => {
    if (videos.length) await client.del(...videos.map((id) => `newsreel:like:count:${id}`));
    client.disconnect();
  });

  it('stores {count, revision} at newsreel:like:count:<videoId> with a TTL', async () => {
    const cache = new RedisLikeCountCache(client, { ttlMs: 60_000 });
    const id = video();
    await expect(cache.get(id)).resolves.toBeUndefined();
    await cache.put({ videoId: id, count: 3, revision: 7 });
    await expect(cache.get(id)).resolves.toEqual({ videoId: id, count: 3, revision: 7 });
    expect(await client.hgetall(`newsreel:like:count:${id}`)).toEqual({
      count: '3',
      revision: '7',
    });
    const ttl = await client.pttl(`newsreel:like:count:${id}`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('never replaces a newer revision with an older or equal one', async () => {
    const cache = new RedisLikeCountCache(client);
    const id = video();
    await cache.put({ videoId: id, count: 2, revision: 2 });
    await cache.put({ videoId: id, count: 1, revision: 1 });
    await cache.put({ videoId: id, count: 5, revision: 2 });
    await expect(cache.get(id)).resolves.toEqual({ videoId: id, count: 2, revision: 2 });
    // Many writers racing: the highest revision wins, whatever order Redis runs them in.
    await Promise.all(
      [5, 3, 9, 4, 8].map((revision) => cache.put({ videoId: id, count: revision * 10, revision })),
    );
    await expect(cache.get(id)).resolves.toEqual({ videoId: id, count: 90, revision: 9 });
  });

  it('expires entries', async () => {
    const cache = new RedisLikeCountCache(client, { ttlMs: 50 });
    const id = video();
    await cache.put({ videoId: id, count: 1, revision: 1 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    await expect(cache.get(id)).resolves.toBeUndefined();
  });

  it('turns a dead connection into misses and skipped writes, logging once', async () => {
    const dead = await connectRedis(url, { name: 'like-count-dead' });
    dead.disconnect();
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) };
    const cache = new RedisLikeCountCache(dead, { logger: logger as never });
    const id = video();
    await expect(cache.get(id)).resolves.toBeUndefined();
    await expect(cache.put({ videoId: id, count: 1, revision: 1 })).resolves.toBeUndefined();
    await expect(cache.get(id)).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(await client.exists(`newsreel:like:count:${id}`)).toBe(0);
  });
});
