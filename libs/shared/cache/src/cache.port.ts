/**
 * Cache-aside for one service. Values are JSON: what comes out is a fresh copy parsed from what
 * went in (a `Date` comes back as a string, `undefined` fields vanish), the same on a hit and on
 * a miss, and mutating it never changes what is cached.
 *
 * Backend failures never fail the caller: a read that fails is a miss, a write or delete that
 * fails is skipped; each is counted in {@link CacheStats.errors} and logged (rate-limited). TTLs
 * bound how stale an entry can get when an invalidation was lost that way.
 *
 * Programming errors do throw: a TTL that is not a positive number, an empty key, a value JSON
 * cannot represent (`BigInt`, cycles).
 */
export interface Cache {
  /** The cached value, or `undefined` on a miss (or when the backend failed). */
  get<T>(key: string): Promise<T | undefined>;

  /** Stores `value` for `ttlMs` milliseconds. `undefined` cannot be cached (it means "miss"). */
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;

  /** Removes entries; call it after a write to the data they were computed from. */
  delete(...keys: string[]): Promise<void>;

  /**
   * Cache-aside: the cached value, or else `loader()`'s result, cached for `ttlMs`. Concurrent
   * misses for the same key in this process share one `loader` call (single-flight), so an
   * expired hot key costs the database one query, not one per waiting request. A loader that
   * throws fails every waiter and caches nothing; a loader that returns `undefined` caches nothing
   * (cache "not found" as `null` if you want it cached).
   */
  getOrLoad<T>(key: string, ttlMs: number, loader: () => Promise<T>): Promise<T>;

  /**
   * A group of entries invalidated together, for lists whose keys cannot be enumerated (feed
   * pages by cursor): see {@link CacheNamespace}.
   */
  namespace(name: string): CacheNamespace;

  /** Counters since start, to be exported as metrics. */
  stats(): CacheStats;
}

/**
 * Entries whose keys embed the namespace's version: `<name>:v<version>:<key>`. {@link bump}
 * increments the version, so every entry cached so far is never read again, however many there
 * are and whatever their keys; the old entries simply expire by TTL. Reading costs one extra
 * lookup (the version) per call.
 *
 * Keep namespaces a bounded set (`feed:tech`, not `inbox:<userId>`): each holds a counter that
 * does not expire.
 */
export interface CacheNamespace {
  /** The namespace's name, as given to {@link Cache.namespace}. */
  readonly name: string;

  /**
   * {@link Cache.getOrLoad} on `key` within the current version. If the version cannot be read,
   * the loader runs without touching the cache (an entry stored under a guessed version could be
   * served stale later).
   */
  getOrLoad<T>(key: string, ttlMs: number, loader: () => Promise<T>): Promise<T>;

  /** The current version (0 before the first bump), or `undefined` if the backend failed. */
  version(): Promise<number | undefined>;

  /** Invalidates every entry of the namespace; resolves to the new version (`undefined` on failure). */
  bump(): Promise<number | undefined>;
}

/** Counters of one {@link Cache} since start. */
export interface CacheStats {
  /** Lookups that found a value. */
  hits: number;
  /** Lookups that found nothing, including those the backend failed (they are treated as misses). */
  misses: number;
  /** Backend operations that failed (reads, writes, deletes, version reads and bumps). */
  errors: number;
  /** Loader calls; fewer than misses when single-flight shared one load between requests. */
  loads: number;
}
