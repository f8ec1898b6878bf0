import type { Logger } from '@newsreel/shared-logging';
import { LRUCache } from 'lru-cache';
import { BaseCache } from './base.cache';

/** Options of {@link MemoryCache}. */
export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used goes first. Default 10 000. */
  maxEntries?: number;
  /** Where backend failures are reported (there are none in memory; kept for symmetry). */
  logger?: Logger;
  /** Monotonic milliseconds for TTLs; tests pass a fake clock. Default `performance`. */
  clock?: { now(): number };
}

const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * `Cache` in this process's memory: the embedded default when Redis is not configured, and
 * a fake for unit tests. Entries are stored as JSON text, so a caller mutating a value it got (or
 * gave) never changes what is cached, and behaviour matches {@link RedisCache}. Each instance of a
 * service has its own copy: an invalidation reaches only the instance that made it, which is why
 * multi-instance deployments configure Redis.
 */
export class MemoryCache extends BaseCache {
  private readonly entries: LRUCache<string, string>;
  // Not in the LRU: an evicted counter would restart at 0 and resurrect old pages.
  private readonly versions = new Map<string, number>();

  constructor(options: MemoryCacheOptions = {}) {
    super(options.logger);
    this.entries = new LRUCache<string, string>({
      max: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
      // Checked on read: no timers, and an expired entry is never returned.
      ttlAutopurge: false,
      ...(options.clock ? { perf: options.clock, ttlResolution: 0 } : {}),
    });
  }

  protected read(key: string): Promise<string | undefined> {
    return Promise.resolve(this.entries.get(key));
  }

  protected write(key: string, json: string, ttlMs: number): Promise<void> {
    this.entries.set(key, json, { ttl: ttlMs });
    return Promise.resolve();
  }

  protected remove(keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
    return Promise.resolve();
  }

  protected readVersion(namespace: string): Promise<number> {
    return Promise.resolve(this.versions.get(namespace) ?? 0);
  }

  protected incrementVersion(namespace: string): Promise<number> {
    const next = (this.versions.get(namespace) ?? 0) + 1;
    this.versions.set(namespace, next);
    return Promise.resolve(next);
  }
}
