import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/** A stored outcome: the request it answered (by fingerprint) and what was answered. */
export interface IdempotentRecord {
  state: 'in-flight' | 'done';
  /** Hash of method, route, path and body: a key reused for another request is refused. */
  fingerprint: string;
  /** The response body (`done` only; absent for an empty 204). */
  body?: unknown;
}

/** What {@link IdempotencyStore.claim} found. */
export type ClaimResult = { claimed: true } | { claimed: false; existing: IdempotentRecord };

/**
 * Where the gateway keeps `Idempotency-Key` outcomes: in memory (one gateway) or in Redis
 * (shared by every gateway instance, so a retry that lands on another instance is recognised).
 */
export interface IdempotencyStore {
  /** Atomically claims `key` for a request in flight, or returns what the key already holds. */
  claim(key: string, fingerprint: string, inFlightTtlMs: number): Promise<ClaimResult>;
  /** Stores the outcome of the request that claimed `key`, kept for `ttlMs`. */
  complete(key: string, record: IdempotentRecord, ttlMs: number): Promise<void>;
  /** Frees `key` (the request failed: a retry must be allowed to run). */
  release(key: string): Promise<void>;
}

/** How many keys the in-memory store keeps at most (least recently used go first). */
const MEMORY_MAX_KEYS = 100_000;

/** {@link IdempotencyStore} in this process's memory. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new LRUCache<string, IdempotentRecord>({ max: MEMORY_MAX_KEYS });

  claim(key: string, fingerprint: string, inFlightTtlMs: number): Promise<ClaimResult> {
    const existing = this.records.get(key);
    if (existing) return Promise.resolve({ claimed: false, existing });
    this.records.set(key, { state: 'in-flight', fingerprint }, { ttl: inFlightTtlMs });
    return Promise.resolve({ claimed: true });
  }

  complete(key: string, record: IdempotentRecord, ttlMs: number): Promise<void> {
    this.records.set(key, record, { ttl: ttlMs });
    return Promise.resolve();
  }

  release(key: string): Promise<void> {
    this.records.delete(key);
    return Promise.resolve();
  }
}

/**
 * {@link IdempotencyStore} in Redis: `SET NX PX` claims a key atomically across gateways. A Redis
 * that fails makes the request fail (503): an outcome silently not recorded would let a retry
 * write twice.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'newsreel:idempotency:',
  ) {}

  async claim(key: string, fingerprint: string, inFlightTtlMs: number): Promise<ClaimResult> {
    const record: IdempotentRecord = { state: 'in-flight', fingerprint };
    const set = await this.redis.set(
      this.prefix + key,
      JSON.stringify(record),
      'PX',
      inFlightTtlMs,
      'NX',
    );
    if (set === 'OK') return { claimed: true };
    const text = await this.redis.get(this.prefix + key);
    // Expired between the two commands: claim again.
    if (text === null) return this.claim(key, fingerprint, inFlightTtlMs);
    return { claimed: false, existing: JSON.parse(text) as IdempotentRecord };
  }

  async complete(key: string, record: IdempotentRecord, ttlMs: number): Promise<void> {
    await this.redis.set(this.prefix + key, JSON.stringify(record), 'PX', ttlMs);
  }

  async release(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}
