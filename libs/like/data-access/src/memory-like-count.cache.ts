import type { LikeCount, LikeCountCache } from '@newsreel/like-domain';
import { LRUCache } from 'lru-cache';
import { LIKE_COUNT_TTL_MS } from './like-count-cache.settings';

/** Options of {@link MemoryLikeCountCache}. */
export interface MemoryLikeCountCacheOptions {
  /** Most videos kept; the least recently used goes first. Default 10 000. */
  maxEntries?: number;
  ttlMs?: number;
}

/**
 * {@link LikeCountCache} in this process's memory: the embedded default (no `redis.url`), with
 * the same revision rule as Redis. Each instance has its own copy, which only the changes it
 * serves update; the TTL bounds how stale another instance's changes leave it (deploy more
 * than one instance with Redis).
 */
export class MemoryLikeCountCache implements LikeCountCache {
  private readonly entries: LRUCache<string, LikeCount>;

  constructor(options: MemoryLikeCountCacheOptions = {}) {
    this.entries = new LRUCache<string, LikeCount>({
      max: options.maxEntries ?? 10_000,
      ttl: options.ttlMs ?? LIKE_COUNT_TTL_MS,
    });
  }

  get(videoId: string): Promise<LikeCount | undefined> {
    const entry = this.entries.get(videoId);
    return Promise.resolve(entry && { ...entry });
  }

  put(counter: LikeCount): Promise<void> {
    const current = this.entries.get(counter.videoId);
    if (!current || current.revision < counter.revision)
      this.entries.set(counter.videoId, { ...counter });
    return Promise.resolve();
  }
}
