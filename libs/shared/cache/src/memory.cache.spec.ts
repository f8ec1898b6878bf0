import { MemoryCache } from './memory.cache';

// The in-process adapter on its own: LRU bound, TTLs on an injected clock (no sleeps), and the
// JSON copy semantics the Redis adapter has by nature.
describe('MemoryCache', () => {
  let now: number;
  const clock = { now: () => now };
  beforeEach(() => {
    now = 1_000;
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = new MemoryCache({ maxEntries: 2, clock });
    await cache.set('a', 1, 60_000);
    await cache.set('b', 2, 60_000);
    await cache.get('a'); // a is now more recent than b
    await cache.set('c', 3, 60_000);
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([
      1,
      undefined,
      3,
    ]);
  });

  it('expires an entry once its TTL has passed, and not before', async () => {
    const cache = new MemoryCache({ clock });
    await cache.set('k', 'v', 1_000);
    now += 999;
    await expect(cache.get('k')).resolves.toBe('v');
    now += 2;
    await expect(cache.get('k')).resolves.toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
  });

  it('getOrLoad reloads after expiry', async () => {
    const cache = new MemoryCache({ clock });
    let version = 0;
    const load = () => cache.getOrLoad('k', 500, () => Promise.resolve(++version));
    expect([await load(), await load()]).toEqual([1, 1]);
    now += 501;
    await expect(load()).resolves.toBe(2);
  });

  it('hands out copies: neither the writer nor a reader can change what is cached', async () => {
    const cache = new MemoryCache();
    const video = { id: 'v1', tags: ['news'] };
    await cache.set('video', video, 60_000);
    video.tags.push('written after set');
    const first = await cache.get<typeof video>('video');
    first!.tags.push('written by a reader');
    await expect(cache.get('video')).resolves.toEqual({ id: 'v1', tags: ['news'] });
  });

  it('gives each concurrent waiter of one load its own copy', async () => {
    const cache = new MemoryCache();
    const [a, b] = await Promise.all([
      cache.getOrLoad('k', 60_000, () => Promise.resolve({ n: [1] })),
      cache.getOrLoad('k', 60_000, () => Promise.resolve({ n: [2] })),
    ]);
    expect(a).toEqual({ n: [1] });
    expect(b).toEqual({ n: [1] });
    expect(a).not.toBe(b);
  });

  it('returns what JSON keeps, the same on a miss as on a hit', async () => {
    const cache = new MemoryCache();
    const loader = () =>
      Promise.resolve({ at: new Date('2024-01-02T03:04:05.000Z'), gone: undefined, n: 1 });
    const miss = await cache.getOrLoad('k', 60_000, loader);
    const hit = await cache.getOrLoad('k', 60_000, loader);
    expect(miss).toEqual({ at: '2024-01-02T03:04:05.000Z', n: 1 });
    expect(hit).toEqual(miss);
  });

  it('caches null but never undefined', async () => {
    const cache = new MemoryCache();
    let calls = 0;
    const loadMissing = () =>
      cache.getOrLoad('none', 60_000, () => Promise.resolve((calls++, undefined)));
    await loadMissing();
    await expect(loadMissing()).resolves.toBeUndefined();
    expect(calls).toBe(2);
    await cache.set('null', null, 60_000);
    await expect(cache.get('null')).resolves.toBeNull();
    await expect(cache.set('k', undefined, 60_000)).rejects.toThrow(TypeError);
  });

  it('refuses programming errors instead of hiding them as misses', async () => {
    const cache = new MemoryCache();
    await expect(cache.set('k', 1, 0)).rejects.toThrow(RangeError);
    await expect(cache.getOrLoad('k', Number.NaN, () => Promise.resolve(1))).rejects.toThrow(
      RangeError,
    );
    await expect(cache.get('')).rejects.toThrow(TypeError);
    await expect(cache.getOrLoad('k', 1000, () => Promise.resolve(10n))).rejects.toThrow(/BigInt/);
    expect(cache.stats().errors).toBe(0);
  });

  it('keeps namespace versions apart from the LRU, so eviction cannot reset them', async () => {
    const cache = new MemoryCache({ maxEntries: 1 });
    const feed = cache.namespace('feed');
    await expect(feed.bump()).resolves.toBe(1);
    await cache.set('x', 1, 60_000);
    await cache.set('y', 2, 60_000);
    await expect(feed.version()).resolves.toBe(1);
  });
});
