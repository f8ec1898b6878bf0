import { randomUUID } from 'node:crypto';
import type { Cache } from './cache.port';
import { MemoryCache } from './memory.cache';
import { RedisCache } from './redis.cache';
import { closeRedis, connectRedis } from '@newsreel/shared-redis';
import type { Redis } from 'ioredis';

// The Cache port's contract, run against both adapters: RedisCache on the real Redis at
// 127.0.0.1:6379 (the suite fails if it is absent) and MemoryCache. Each Redis test gets its own
// key prefix under one per-run prefix, removed at the end.
const RUN_PREFIX = `newsreel:test-${randomUUID().slice(0, 8)}:`;
let redis: Redis;
let nextPrefix = 0;

beforeAll(async () => {
  redis = await connectRedis('redis://127.0.0.1:6379', { name: 'cache-int-test' });
});
afterAll(async () => {
  for await (const keys of redis.scanStream({
    match: `${RUN_PREFIX}*`,
    count: 100,
  }) as AsyncIterable<string[]>) {
    if (keys.length > 0) await redis.del(...keys);
  }
  await closeRedis(redis);
});

const adapters: Array<[string, () => Cache]> = [
  ['RedisCache', () => new RedisCache(redis, { prefix: `${RUN_PREFIX}${nextPrefix++}:` })],
  ['MemoryCache', () => new MemoryCache()],
];

describe.each(adapters)('%s', (_name, create) => {
  let cache: Cache;
  beforeEach(() => {
    cache = create();
  });

  it('round-trips JSON values and counts hits and misses', async () => {
    await expect(cache.get('video:1')).resolves.toBeUndefined();
    await cache.set('video:1', { id: 'v1', likes: 3, tags: ['news'], author: null }, 60_000);
    await expect(cache.get('video:1')).resolves.toEqual({
      id: 'v1',
      likes: 3,
      tags: ['news'],
      author: null,
    });
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, errors: 0, loads: 0 });
  });

  it('deletes several keys at once', async () => {
    await cache.set('a', 1, 60_000);
    await cache.set('b', 2, 60_000);
    await cache.set('c', 3, 60_000);
    await cache.delete('a', 'b', 'never-set');
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([
      undefined,
      undefined,
      3,
    ]);
  });

  it('getOrLoad: N concurrent misses for one key share one loader call (single-flight)', async () => {
    let calls = 0;
    const loader = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { id: 'hot', n: calls };
    };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => cache.getOrLoad('hot', 60_000, loader)),
    );
    expect(calls).toBe(1);
    expect(results).toEqual(Array.from({ length: 20 }, () => ({ id: 'hot', n: 1 })));
    expect(results[0]).not.toBe(results[1]); // each caller has its own copy
    expect(cache.stats()).toEqual({ hits: 0, misses: 20, errors: 0, loads: 1 });

    await expect(cache.getOrLoad('hot', 60_000, loader)).resolves.toEqual({ id: 'hot', n: 1 });
    expect(calls).toBe(1);
    expect(cache.stats().hits).toBe(1);
  });

  it('getOrLoad: a failing loader fails every waiter and caches nothing', async () => {
    let calls = 0;
    const failing = async (): Promise<number> => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('database down');
    };
    const outcomes = await Promise.allSettled(
      [1, 2, 3].map(() => cache.getOrLoad('k', 60_000, failing)),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(calls).toBe(1);
    // The next call loads again (nothing cached, nothing left in flight).
    await expect(cache.getOrLoad('k', 60_000, () => Promise.resolve(7))).resolves.toBe(7);
    await expect(cache.get('k')).resolves.toBe(7);
  });

  it('namespace bump invalidates every page of a feed at once', async () => {
    // The "database": the tech feed, newest first.
    let videos = ['v3', 'v2', 'v1'];
    let queries = 0;
    const feed = cache.namespace('feed:tech');
    const page = (cursor: number) =>
      feed.getOrLoad(`page:${cursor}:size:2`, 60_000, () => {
        queries += 1;
        return Promise.resolve(videos.slice(cursor, cursor + 2));
      });

    await expect(feed.version()).resolves.toBe(0);
    expect([await page(0), await page(2)]).toEqual([['v3', 'v2'], ['v1']]);
    expect([await page(0), await page(2)]).toEqual([['v3', 'v2'], ['v1']]);
    expect(queries).toBe(2);

    videos = ['v4', ...videos]; // a video is published...
    await expect(feed.bump()).resolves.toBe(1); // ...and the publisher bumps the feed
    expect([await page(0), await page(2)]).toEqual([
      ['v4', 'v3'],
      ['v2', 'v1'],
    ]);
    expect(queries).toBe(4);
    await expect(feed.version()).resolves.toBe(1);
    // Other namespaces are untouched.
    await expect(cache.namespace('feed:sport').version()).resolves.toBe(0);
  });
});

describe('RedisCache on Redis', () => {
  const prefix = `${RUN_PREFIX}redis:`;
  let cache: RedisCache;
  beforeEach(() => {
    cache = new RedisCache(redis, { prefix });
  });

  it('stores JSON under the prefix with a PX TTL', async () => {
    await cache.set('video:1', { id: 'v1' }, 30_000);
    await expect(redis.get(`${prefix}video:1`)).resolves.toBe('{"id":"v1"}');
    const pttl = await redis.pttl(`${prefix}video:1`);
    expect(pttl).toBeGreaterThan(29_000);
    expect(pttl).toBeLessThanOrEqual(30_000);
  });

  it('rounds a fractional TTL up to whole milliseconds, as PX requires', async () => {
    await expect(cache.getOrLoad('fraction', 1500.2, () => Promise.resolve(1))).resolves.toBe(1);
    const pttl = await redis.pttl(`${prefix}fraction`);
    expect(pttl).toBeGreaterThan(1400);
    expect(pttl).toBeLessThanOrEqual(1501);
    expect(cache.stats().errors).toBe(0);
  });

  it('lets Redis expire entries after their TTL', async () => {
    await cache.set('short', 'lived', 100);
    await expect(cache.get('short')).resolves.toBe('lived');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expect(cache.get('short')).resolves.toBeUndefined();
  });

  it('keeps namespace versions in INCR counters and embeds them in entry keys', async () => {
    const feed = cache.namespace('feed:all');
    await feed.bump();
    await feed.bump();
    await feed.getOrLoad('page:0', 60_000, () => Promise.resolve(['v1']));
    await expect(redis.get(`${prefix}feed:all:version`)).resolves.toBe('2');
    await expect(redis.pttl(`${prefix}feed:all:version`)).resolves.toBe(-1); // no TTL
    await expect(redis.get(`${prefix}feed:all:v2:page:0`)).resolves.toBe('["v1"]');
  });

  it('treats unreadable data as a counted miss and overwrites it', async () => {
    await redis.set(`${prefix}corrupt`, 'not json', 'PX', 60_000);
    await expect(
      cache.getOrLoad('corrupt', 60_000, () => Promise.resolve({ ok: true })),
    ).resolves.toEqual({ ok: true });
    expect(cache.stats()).toMatchObject({ misses: 1, errors: 1, loads: 1 });
    await expect(redis.get(`${prefix}corrupt`)).resolves.toBe('{"ok":true}');
  });
});
