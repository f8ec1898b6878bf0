import { MemoryLikeCountCache } from './memory-like-count.cache';

describe('MemoryLikeCountCache', () => {
  it('keeps the newest revision whatever order the writes arrive in', async () => {
    const cache = new MemoryLikeCountCache();
    await expect(cache.get('v1')).resolves.toBeUndefined();
    await cache.put({ videoId: 'v1', count: 2, revision: 2 });
    await cache.put({ videoId: 'v1', count: 1, revision: 1 }); // a slower, older commit
    await cache.put({ videoId: 'v1', count: 9, revision: 2 }); // same revision: not newer
    await expect(cache.get('v1')).resolves.toEqual({ videoId: 'v1', count: 2, revision: 2 });
    await cache.put({ videoId: 'v1', count: 1, revision: 3 });
    await expect(cache.get('v1')).resolves.toEqual({ videoId: 'v1', count: 1, revision: 3 });
  });

  it('hands out copies', async () => {
    const cache = new MemoryLikeCountCache();
    const counter = { videoId: 'v1', count: 1, revision: 1 };
    await cache.put(counter);
    counter.count = 100;
    const read = await cache.get('v1');
    read!.count = 50;
    await expect(cache.get('v1')).resolves.toEqual({ videoId: 'v1', count: 1, revision: 1 });
  });

  it('forgets entries after the TTL and beyond its size', async () => {
    const cache = new MemoryLikeCountCache({ ttlMs: 20, maxEntries: 2 });
    await cache.put({ videoId: 'a', count: 1, revision: 1 });
    await cache.put({ videoId: 'b', count: 1, revision: 1 });
    await cache.put({ videoId: 'c', count: 1, revision: 1 });
    await expect(cache.get('a')).resolves.toBeUndefined();
    await expect(cache.get('c')).resolves.toMatchObject({ count: 1 });
    await new Promise((resolve) => setTimeout(resolve, 40));
    await expect(cache.get('c')).resolves.toBeUndefined();
  });
});
