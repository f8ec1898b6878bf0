import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/**
 * A fixed-window allowance: at most `points` per `windowSec` per key. With `blockSec`, a key that
 * goes over is refused for that long (counted from the refusal), not only until the window ends.
 */
export interface RateLimitRule {
  points: number;
  windowSec: number;
  blockSec?: number;
}

/** The answer of {@link RateLimiter.consume}. */
export interface RateLimitDecision {
  allowed: boolean;
  /** The rule's `points`. */
  limit: number;
  /** Points left in the current window (0 when refused). */
  remaining: number;
  /** Milliseconds until the window resets, or the block ends: the `Retry-After` of a refusal. */
  resetMs: number;
}

/**
 * The limiter's store did not answer (Redis down or too slow). Callers decide whether that
 * refuses the work (login throttling does: an attacker must not win by taking Redis down) or
 * lets it through; it is never silently replaced by an in-process count.
 */
export class RateLimitStoreError extends Error {
  constructor(
    readonly limiter: string,
    readonly reason: unknown,
  ) {
    super(
      `Rate limiter '${limiter}' could not reach its store: ${
        reason instanceof Error ? reason.message : String(reason)
      }`,
    );
    this.name = 'RateLimitStoreError';
  }
}

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Names the limiter in errors and prefixes its keys in Redis (`newsreel:limit:<name>:`). */
  name: string;
  /**
   * The rule, read on every call, so a hot configuration change applies to the next call. When
   * it changes, an in-process limiter starts counting afresh; a Redis one keeps its counts.
   */
  rule: () => RateLimitRule;
  /**
   * Redis to keep the counts in, shared by every instance of the service; `undefined` = this
   * process's memory (the embedded default).
   */
  redis?: Redis;
}

/**
 * Counts events per key (a username, a client address) against a {@link RateLimitRule}. The port
 * over `rate-limiter-flexible`, so callers see our types and the library can change.
 */
export interface RateLimiter {
  readonly name: string;
  /** Where the counts live: `memory` or `redis`. */
  readonly store: 'memory' | 'redis';
  /** Counts `points` (default 1) against `key` and says whether that stayed within the rule. */
  consume(key: string, points?: number): Promise<RateLimitDecision>;
  /** Gives `points` (default 1) back to `key` (work that was counted but should not have been). */
  refund(key: string, points?: number): Promise<void>;
  /** Forgets `key`'s count and any block on it. */
  reset(key: string): Promise<void>;
}

/** A {@link RateLimiter} in memory, or in Redis when `options.redis` is given. */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  return new FlexibleRateLimiter(options);
}

class FlexibleRateLimiter implements RateLimiter {
  readonly name: string;
  readonly store: 'memory' | 'redis';
  private current?: { signature: string; rule: RateLimitRule; limiter: RateLimiterAbstract };

  constructor(private readonly options: RateLimiterOptions) {
    this.name = options.name;
    this.store = options.redis ? 'redis' : 'memory';
  }

  async consume(key: string, points = 1): Promise<RateLimitDecision> {
    const { rule, limiter } = this.limiter();
    try {
      const res = await limiter.consume(key, points);
      return {
        allowed: true,
        limit: rule.points,
        remaining: res.remainingPoints,
        resetMs: res.msBeforeNext,
      };
    } catch (thrown) {
      // The library rejects with its result object when over the limit, with an Error otherwise.
      if (thrown instanceof RateLimiterRes) {
        return { allowed: false, limit: rule.points, remaining: 0, resetMs: thrown.msBeforeNext };
      }
      throw new RateLimitStoreError(this.name, thrown);
    }
  }

  async refund(key: string, points = 1): Promise<void> {
    try {
      await this.limiter().limiter.reward(key, points);
    } catch (error) {
      throw new RateLimitStoreError(this.name, error);
    }
  }

  async reset(key: string): Promise<void> {
    try {
      await this.limiter().limiter.delete(key);
    } catch (error) {
      throw new RateLimitStoreError(this.name, error);
    }
  }

  private limiter(): { rule: RateLimitRule; limiter: RateLimiterAbstract } {
    const rule = this.options.rule();
    const signature = `${rule.points}/${rule.windowSec}/${rule.blockSec ?? 0}`;
    if (this.current?.signature !== signature) {
      const base = {
        keyPrefix: `newsreel:limit:${this.name}`,
        points: rule.points,
        duration: rule.windowSec,
        blockDuration: rule.blockSec ?? 0,
      };
      const limiter = this.options.redis
        ? // No insurance limiter: a configured Redis that fails is an error, not a silent
          // switch to per-process counts (which would multiply the allowance by the instances).
          new RateLimiterRedis({
            ...base,
            storeClient: this.options.redis,
            rejectIfRedisNotReady: true,
          })
        : new RateLimiterMemory(base);
      this.current = { signature, rule, limiter };
    }
    return this.current;
  }
}
