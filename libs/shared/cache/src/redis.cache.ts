import type { Logger } from '@newsreel/shared-logging';
import type { Redis } from 'ioredis';
import { BaseCache } from './base.cache';

/** Options of {@link RedisCache}. */
export interface RedisCacheOptions {
  /**
   * Put before every key, so services sharing one Redis never collide and one service's cache
   * can be inspected (`redis-cli --scan --pattern 'newsreel:video:cache:*'`) or flushed alone.
   */
  prefix: string;
  /** Where backend failures are reported (rate-limited). */
  logger?: Logger;
}

/**
 * `Cache` on Redis, shared by every instance of a service: values are JSON strings stored
 * with `SET ... PX <ttl>` (Redis expires them), namespace versions are `INCR` counters without
 * TTL at `<prefix><namespace>:version`.
 *
 * Give it the shared client from `RedisModule`: that client fails commands fast while
 * disconnected (no offline queue), which is what lets a Redis outage degrade into misses
 * instead of stalled requests.
 */
export class RedisCache extends BaseCache {
  private readonly prefix: string;

  constructor(
    private readonly client: Redis,
    options: RedisCacheOptions,
  ) {
    super(options.logger);
    this.prefix = options.prefix;
  }

  protected async read(key: string): Promise<string | undefined> {
    return (await this.client.get(this.prefix + key)) ?? undefined;
  }

  protected async write(key: string, json: string, ttlMs: number): Promise<void> {
    await this.client.set(this.prefix + key, json, 'PX', ttlMs);
  }

  protected async remove(keys: string[]): Promise<void> {
    await this.client.del(...keys.map((key) => this.prefix + key));
  }

  protected async readVersion(namespace: string): Promise<number> {
    return Number((await this.client.get(this.versionKey(namespace))) ?? 0);
  }

  protected async incrementVersion(namespace: string): Promise<number> {
    return this.client.incr(this.versionKey(namespace));
  }

  private versionKey(namespace: string): string {
    return `${this.prefix}${namespace}:version`;
  }
}
