import type { Logger } from '@newsreel/shared-logging';
import type { Cache, CacheNamespace, CacheStats } from './cache.port';

/** Backend errors are logged at most once per this interval (with a count of those skipped). */
const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * What both adapters share: JSON round-tripping, single-flight, namespaces, counters and the
 * "a backend error is a miss" rule. An adapter only stores strings and counters.
 */
export abstract class BaseCache implements Cache {
  private readonly counters: CacheStats = { hits: 0, misses: 0, errors: 0, loads: 0 };
  /** Loads in progress by key: later misses for the key wait for these instead of loading again. */
  private readonly flights = new Map<string, Promise<string | undefined>>();
  private lastErrorLog = Number.NEGATIVE_INFINITY;
  private unloggedErrors = 0;

  protected constructor(private readonly logger: Logger | undefined) {}

  /** The stored JSON text for `key`, or `undefined`. */
  protected abstract read(key: string): Promise<string | undefined>;
  protected abstract write(key: string, json: string, ttlMs: number): Promise<void>;
  protected abstract remove(keys: string[]): Promise<void>;
  /** The namespace's version counter; 0 when it was never bumped. */
  protected abstract readVersion(namespace: string): Promise<number>;
  /** Increments the version counter and returns the new value. */
  protected abstract incrementVersion(namespace: string): Promise<number>;

  async get<T>(key: string): Promise<T | undefined> {
    const found = await this.lookup(checkKey(key));
    return found?.value as T | undefined;
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    const json = serialise(value);
    if (json === undefined) throw new TypeError(`Cache key ${key}: undefined cannot be cached`);
    await this.store(checkKey(key), json, checkTtl(ttlMs));
  }

  async delete(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    keys.forEach(checkKey);
    try {
      await this.remove(keys);
    } catch (error) {
      this.reportError('delete', keys.join(' '), error);
    }
  }

  async getOrLoad<T>(key: string, ttlMs: number, loader: () => Promise<T>): Promise<T> {
    checkKey(key);
    const ttl = checkTtl(ttlMs);
    const found = await this.lookup(key);
    if (found) return found.value as T;
    return parse<T>(await this.loadOnce(key, ttl, loader, true));
  }

  namespace(name: string): CacheNamespace {
    checkKey(name);
    return {
      name,
      getOrLoad: async <T>(key: string, ttlMs: number, loader: () => Promise<T>): Promise<T> => {
        checkKey(key);
        checkTtl(ttlMs);
        const version = await this.versionOf(name);
        if (version !== undefined) {
          return this.getOrLoad(`${name}:v${version}:${key}`, ttlMs, loader);
        }
        // No version, no cache; still one load per key, which matters most while the backend is down.
        this.counters.misses += 1;
        return parse<T>(await this.loadOnce(`${name}:v?:${key}`, ttlMs, loader, false));
      },
      version: () => this.versionOf(name),
      bump: async () => {
        try {
          return await this.incrementVersion(name);
        } catch (error) {
          this.reportError('bump', name, error);
          return undefined;
        }
      },
    };
  }

  stats(): CacheStats {
    return { ...this.counters };
  }

  /**
   * A read that turns a backend failure, or data that is not JSON (another writer, a format
   * change), into a counted miss. Parsed here, so every caller gets its own copy.
   */
  private async lookup(key: string): Promise<{ value: unknown } | undefined> {
    let found: { value: unknown } | undefined;
    try {
      const json = await this.read(key);
      found = json === undefined ? undefined : { value: JSON.parse(json) };
    } catch (error) {
      this.reportError('get', key, error);
    }
    this.counters[found ? 'hits' : 'misses'] += 1;
    return found;
  }

  private async store(key: string, json: string, ttlMs: number): Promise<void> {
    try {
      await this.write(key, json, ttlMs);
    } catch (error) {
      this.reportError('set', key, error);
    }
  }

  /**
   * Single-flight: the first miss runs the loader, concurrent misses for the same key await its
   * result. Shared as JSON text so every caller parses its own copy.
   */
  private loadOnce<T>(
    key: string,
    ttlMs: number,
    loader: () => Promise<T>,
    cacheResult: boolean,
  ): Promise<string | undefined> {
    const inFlight = this.flights.get(key);
    if (inFlight) return inFlight;
    const flight = (async () => {
      this.counters.loads += 1;
      const json = serialise(await loader());
      if (json !== undefined && cacheResult) await this.store(key, json, ttlMs);
      return json;
    })().finally(() => this.flights.delete(key));
    this.flights.set(key, flight);
    return flight;
  }

  private async versionOf(namespace: string): Promise<number | undefined> {
    try {
      return await this.readVersion(namespace);
    } catch (error) {
      this.reportError('version', namespace, error);
      return undefined;
    }
  }

  private reportError(operation: string, key: string, error: unknown): void {
    this.counters.errors += 1;
    const now = Date.now();
    if (now - this.lastErrorLog < ERROR_LOG_INTERVAL_MS) {
      this.unloggedErrors += 1;
      return;
    }
    this.logger?.warn(
      { err: error, operation, key, errorsSinceLastLog: this.unloggedErrors },
      'cache backend failed; treated as a miss',
    );
    this.lastErrorLog = now;
    this.unloggedErrors = 0;
  }
}

/** Each caller parses the shared JSON text itself: its own copy, the same shape as a hit. */
function parse<T>(json: string | undefined): T {
  return (json === undefined ? undefined : JSON.parse(json)) as T;
}

function serialise(value: unknown): string | undefined {
  // JSON.stringify(undefined) is undefined: there is nothing to cache.
  return value === undefined ? undefined : JSON.stringify(value);
}

function checkKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0)
    throw new TypeError('Cache keys must be non-empty strings');
  return key;
}

function checkTtl(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0)
    throw new RangeError(`Cache TTL must be a positive number of ms, got ${ttlMs}`);
  // Redis PX takes whole milliseconds; rounding up never makes an entry live shorter than asked.
  return Math.ceil(ttlMs);
}
