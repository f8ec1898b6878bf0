import type { LikeCount, LikeCountCache } from '@newsreel/like-domain';
import type { Logger } from '@newsreel/shared-logging';
import type { Redis } from 'ioredis';
import { LIKE_COUNT_TTL_MS } from './like-count-cache.settings';

/** Options of {@link RedisLikeCountCache}. */
export interface RedisLikeCountCacheOptions {
  /** Key prefix; the key of a video is `<prefix><videoId>`. Default `newsreel:like:count:`. */
  prefix?: string;
  ttlMs?: number;
  /** Where Redis failures are reported, at most once per 10 s. */
  logger?: Logger;
}

/**
 * Sets the hash `{count, revision}` unless it already holds the same or a newer revision, and
 * (re)arms its TTL. One script, so the compare and the write are atomic in Redis.
 */
const PUT_IF_NEWER = `
local current = redis.call('HGET', KEYS[1], 'revision')
if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'revision', ARGV[1], 'count', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * {@link LikeCountCache} in Redis, shared by every instance of the like service: a hash per video
 * at `newsreel:like:count:<videoId>` (`HGETALL` it to look). Give it the shared client of
 * `RedisModule`: it fails commands fast while disconnected, and a failure here is a miss (reads
 * fall back to the database) or a skipped write, never a failed request.
 */
export class RedisLikeCountCache implements LikeCountCache {
  private readonly prefix: string;
  private readonly ttlMs: number;
  private lastErrorLogAt = -Infinity;
  private unloggedErrors = 0;

  constructor(
    private readonly client: Redis,
    private readonly options: RedisLikeCountCacheOptions = {},
  ) {
    this.prefix = options.prefix ?? 'newsreel:like:count:';
    this.ttlMs = options.ttlMs ?? LIKE_COUNT_TTL_MS;
  }

  async get(videoId: string): Promise<LikeCount | undefined> {
    try {
      const [count, revision] = await this.client.hmget(this.prefix + videoId, 'count', 'revision');
      if (count === null || revision === null) return undefined;
      return { videoId, count: Number(count), revision: Number(revision) };
    } catch (error) {
      this.failed('read', error);
      return undefined;
    }
  }

  async put(counter: LikeCount): Promise<void> {
    try {
      await this.client.eval(
        PUT_IF_NEWER,
        1,
        this.prefix + counter.videoId,
        counter.revision,
        counter.count,
        this.ttlMs,
      );
    } catch (error) {
      this.failed('write', error);
    }
  }

  /** One warning per interval with the number of failures not logged, not one per request. */
  private failed(operation: 'read' | 'write', error: unknown): void {
    this.unloggedErrors++;
    const now = performance.now();
    if (now - this.lastErrorLogAt < ERROR_LOG_INTERVAL_MS) return;
    this.options.logger?.warn(
      { err: error, operation, failures: this.unloggedErrors },
      'like count copy in Redis failed; reading from the database',
    );
    this.lastErrorLogAt = now;
    this.unloggedErrors = 0;
  }
}
