import { createRedisClient, redactRedisUrl } from '@newsreel/shared-redis';
import type { Redis } from 'ioredis';
import {
  type CentreChanges,
  type CentreLayer,
  type CentreScope,
  ConfigCentreUnavailableError,
  type ConfigCentreSource,
  type InstanceConfigStatus,
} from './config-centre.port';
import type { ConfigLogger } from './config-logger';
import { SERVICE_NAMES, type ServiceName } from './platform-config.schema';

/** Options of {@link RedisConfigCentre}. */
export interface RedisConfigCentreOptions {
  /** Prefix of every key and of the channel; default `newsreel:config`. Tests use their own. */
  keyPrefix?: string;
  /**
   * A full re-read this often, besides notifications: a notification published while this
   * instance was disconnected is lost (pub/sub does not queue). Default 5000 ms.
   */
  resyncMs?: number;
  /** Bound of one command; default 1000 ms, so an outage surfaces as an error fast. */
  commandTimeoutMs?: number;
  /** Where connection losses and recoveries are reported. */
  logger?: ConfigLogger;
}

type ExecResult = Array<[Error | null, unknown]> | null;

/**
 * The config centre on Redis. Layout (prefix `newsreel:config`):
 *
 * | key | type | holds |
 * |---|---|---|
 * | `newsreel:config:<scope>` | hash | dotted key -> JSON value (`shared`, `comment`, ...) |
 * | `newsreel:config:versions` | hash | scope -> version (`HINCRBY` on every write) |
 * | `newsreel:config:status:<service>` | hash | instance id -> JSON status |
 * | channel `newsreel:config:changed@<db>` | pub/sub | the scope just written |
 *
 * A write is one `MULTI` (values, version, read-back, publish), so readers never see values
 * without their version. The channel names the database because pub/sub ignores `SELECT`:
 * platforms on different databases of one Redis must not hear each other.
 *
 * Connections come from `createRedisClient` (shared-redis), so they fail fast like every Redis
 * client of the platform (no offline queue, short command timeout) and reconnect by themselves; the caller decides what an outage means (a
 * running service keeps its values, a starting one boots from its snapshot).
 */
export class RedisConfigCentre implements ConfigCentreSource {
  readonly kind = 'redis' as const;
  readonly where: string;
  private readonly client: Redis;
  private subscriber?: Redis;
  private readonly prefix: string;
  private readonly channel: string;
  private readonly resyncMs: number;
  private readonly logger?: ConfigLogger;
  private readonly watchers = new Set<{ scopes: readonly CentreScope[]; listener: () => void }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private lastError?: string;
  private closed = false;

  constructor(url: string, options: RedisConfigCentreOptions = {}) {
    this.where = `Redis at ${redactRedisUrl(url)}`;
    this.prefix = options.keyPrefix ?? 'newsreel:config';
    this.resyncMs = options.resyncMs ?? 5000;
    this.logger = options.logger;
    this.client = createRedisClient(url, {
      name: 'config-centre',
      connectTimeoutMs: 2000,
      commandTimeoutMs: options.commandTimeoutMs ?? 1000,
    });
    this.channel = `${this.prefix}:changed@${this.client.options.db ?? 0}`;
    this.track(this.client, 'connection');
  }

  async connect(timeoutMs: number): Promise<void> {
    if (this.client.status === 'ready') return;
    if (this.client.status === 'wait') this.client.connect().catch(() => undefined);
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.client.off('ready', onReady);
        resolve(false);
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.client.once('ready', onReady);
    });
    // Not disconnected on failure: the client keeps retrying, and a service that booted from
    // its snapshot picks the centre up as soon as it answers.
    if (!ready)
      throw new ConfigCentreUnavailableError(
        `Config centre (${this.where}) is unreachable: ${this.lastError ?? `no answer within ${timeoutMs} ms`}`,
        { failure: 'unreachable' },
      );
  }

  async read<S extends CentreScope>(scopes: readonly S[]): Promise<Record<S, CentreLayer>> {
    const multi = this.client.multi();
    for (const scope of scopes) multi.hgetall(this.key(scope));
    multi.hmget(this.key('versions'), ...scopes);
    const results = await this.exec(multi.exec());
    const versions = results[scopes.length] as Array<string | null>;
    return Object.fromEntries(
      scopes.map((scope, i) => [
        scope,
        { version: Number(versions[i] ?? 0), values: decode(results[i] as Record<string, string>) },
      ]),
    ) as Record<S, CentreLayer>;
  }

  async write(scope: CentreScope, changes: CentreChanges): Promise<CentreLayer> {
    const key = this.key(scope);
    const sets = Object.entries(changes).filter(([, value]) => value !== null);
    const removals = Object.keys(changes).filter((field) => changes[field] === null);
    const multi = this.client.multi();
    if (sets.length > 0)
      multi.hset(
        key,
        Object.fromEntries(sets.map(([field, value]) => [field, JSON.stringify(value)])),
      );
    if (removals.length > 0) multi.hdel(key, ...removals);
    multi.hincrby(this.key('versions'), scope, 1);
    multi.hgetall(key);
    multi.publish(this.channel, scope);
    const results = await this.exec(multi.exec());
    const offset = (sets.length > 0 ? 1 : 0) + (removals.length > 0 ? 1 : 0);
    return {
      version: Number(results[offset]),
      values: decode(results[offset + 1] as Record<string, string>),
    };
  }

  watch(scopes: readonly CentreScope[], listener: () => void): () => void {
    const watcher = { scopes, listener };
    this.watchers.add(watcher);
    this.subscribe();
    const timer = setInterval(listener, this.resyncMs);
    timer.unref();
    this.timers.add(timer);
    return () => {
      this.watchers.delete(watcher);
      clearInterval(timer);
      this.timers.delete(timer);
    };
  }

  async reportStatus(status: InstanceConfigStatus): Promise<void> {
    await this.client.hset(
      this.key(`status:${status.service}`),
      status.instanceId,
      JSON.stringify(status),
    );
  }

  async clearStatus(service: ServiceName, instanceId: string): Promise<void> {
    await this.client.hdel(this.key(`status:${service}`), instanceId);
  }

  async readStatus(service?: ServiceName): Promise<InstanceConfigStatus[]> {
    const services = service ? [service] : SERVICE_NAMES;
    const multi = this.client.multi();
    for (const name of services) multi.hgetall(this.key(`status:${name}`));
    const results = (await this.exec(multi.exec())) as Array<Record<string, string>>;
    return results
      .flatMap((hash) => Object.values(hash))
      .flatMap((text) => {
        try {
          return [JSON.parse(text) as InstanceConfigStatus];
        } catch {
          return [];
        }
      })
      .sort((a, b) => a.instanceId.localeCompare(b.instanceId));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    this.watchers.clear();
    await Promise.all([this.client, this.subscriber].flatMap((c) => (c ? [quit(c)] : [])));
  }

  /** The Redis key of a scope or of the centre's own bookkeeping (`versions`, `status:<svc>`). */
  key(name: string): string {
    return `${this.prefix}:${name}`;
  }

  private subscribe(): void {
    if (this.subscriber || this.closed) return;
    const subscriber = this.client.duplicate({ connectionName: 'newsreel-config-centre-sub' });
    this.subscriber = subscriber;
    this.track(subscriber, 'subscription');
    subscriber.on('message', (channel: string, scope: string) => {
      if (channel !== this.channel) return;
      for (const watcher of this.watchers)
        if ((watcher.scopes as readonly string[]).includes(scope)) watcher.listener();
    });
    subscriber.on('ready', () => {
      subscriber.subscribe(this.channel).catch(() => undefined);
      // Whatever was published while this connection was down is lost: re-read now.
      for (const watcher of this.watchers) watcher.listener();
    });
    subscriber.connect().catch(() => undefined);
  }

  private async exec(pending: Promise<ExecResult>): Promise<unknown[]> {
    let results: ExecResult;
    try {
      results = await pending;
    } catch (error) {
      throw new ConfigCentreUnavailableError(
        `Config centre (${this.where}) is unreachable: ${(error as Error).message}`,
        { cause: error, failure: 'unreachable' },
      );
    }
    if (!results)
      throw new ConfigCentreUnavailableError(`Config centre (${this.where}): transaction aborted`);
    return results.map(([error, value]) => {
      if (error)
        throw new ConfigCentreUnavailableError(`Config centre (${this.where}): ${error.message}`);
      return value;
    });
  }

  /**
   * Logs a lost connection once and its recovery once, not a line per retry; every (re)connect
   * of the main connection re-reads, which is also how a service that booted from its snapshot
   * picks the centre up once it answers.
   */
  private track(client: Redis, what: string): void {
    let wasReady = false;
    let down = false;
    client.on('error', (error: Error) => (this.lastError = error.message || error.name));
    client.on('reconnecting', () => {
      if (!wasReady || down || this.closed) return;
      down = true;
      this.logger?.warn(
        { centre: this.where, cause: this.lastError },
        `config centre ${what} lost (${this.where}), reconnecting; current values stay in force`,
      );
    });
    client.on('ready', () => {
      if (down)
        this.logger?.info({ centre: this.where }, `config centre ${what} restored (${this.where})`);
      wasReady = true;
      down = false;
      if (client === this.client) for (const watcher of this.watchers) watcher.listener();
    });
  }
}

function decode(hash: Record<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  // Sorted: a hash's field order may change when Redis re-encodes it, and callers compare reads.
  for (const [key, text] of Object.entries(hash).sort(([a], [b]) => a.localeCompare(b))) {
    try {
      values[key] = JSON.parse(text);
    } catch {
      // Set by hand with redis-cli as bare text: take it as a string.
      values[key] = text;
    }
  }
  return values;
}

async function quit(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  await Promise.race([
    client.quit().catch(() => client.disconnect()),
    new Promise((resolve) => setTimeout(resolve, 1000).unref()),
  ]);
  client.disconnect();
}
