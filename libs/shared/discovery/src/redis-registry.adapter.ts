import { createRedisClient, redactRedisUrl } from '@newsreel/shared-redis';
import type { Redis } from 'ioredis';
import { type PollingWatch, pollRegistry } from './polling-watch';
import {
  type InstanceRegistration,
  type InstancesByService,
  type ServiceInstance,
  instanceRegistrationSchema,
  serviceInstanceSchema,
  sortInstances,
} from './service-instance';
import {
  ALL_SERVICES,
  type RegistryListener,
  RegistryUnavailableError,
  type ServiceRegistry,
} from './service-registry.port';

/** Options of {@link RedisRegistry}. */
export interface RedisRegistryOptions {
  url: string;
  /** How long a record lives after its last heartbeat (the key's TTL). */
  ttlMs: number;
  /** How often watchers read the lists (to see TTL expiry); default 500 ms. */
  pollMs?: number;
  /** Prefix of every key and of the channel; default `newsreel:registry`. */
  prefix?: string;
  /** How long the first use waits for the connection; default 2000 ms. */
  connectTimeoutMs?: number;
  /** How long one command may wait for its reply; default 1000 ms. */
  commandTimeoutMs?: number;
}

// Drops an id from the index only if its key is really gone, in one step: a heartbeat that
// re-creates the key between our read and the removal must not lose its index entry.
const FORGET_IF_EXPIRED = `
for i, id in ipairs(ARGV) do
  if redis.call('EXISTS', KEYS[i + 1]) == 0 then redis.call('SREM', KEYS[1], id) end
end
return 0`;

/**
 * The registry on Redis (ioredis). Keys, under `prefix`:
 *
 * - `<prefix>:instance:<service>:<instanceId>`: the record as JSON, with a TTL (`PX ttlMs`)
 *   renewed by every heartbeat; a kill -9 stops the renewals and Redis drops the key.
 * - `<prefix>:service:<service>`: a set of instance ids (the index to read a service from);
 *   ids whose key has expired are removed by readers.
 * - `<prefix>:services`: the set of service names.
 * - channel `<prefix>:changes`: a message per register/deregister, so watchers re-read at once;
 *   they also poll every `pollMs`, which is what makes an expiry visible.
 *
 * The connection fails fast (no offline queue, no retries per command, short timeouts): during
 * an outage every call throws {@link RegistryUnavailableError} at once instead of hanging, and
 * ioredis keeps reconnecting (at most 1 s apart) in the background.
 */
export class RedisRegistry implements ServiceRegistry {
  readonly kind = 'redis' as const;
  readonly description: string;
  private readonly prefix: string;
  private readonly channel: string;
  private client?: Redis;
  private subscriber?: Redis;
  private firstConnect?: Promise<void>;
  private lastConnectionError?: string;
  private readonly watches = new Set<PollingWatch>();
  private closed = false;

  constructor(private readonly options: RedisRegistryOptions) {
    this.description = `Redis registry at ${redactRedisUrl(options.url)}`;
    this.prefix = options.prefix ?? 'newsreel:registry';
    this.channel = `${this.prefix}:changes`;
  }

  async register(instance: InstanceRegistration): Promise<void> {
    await this.write(instance, true);
  }

  async heartbeat(instance: InstanceRegistration): Promise<void> {
    await this.write(instance, false);
  }

  async deregister({ service, instanceId }: Pick<ServiceInstance, 'service' | 'instanceId'>) {
    const redis = await this.connection();
    await this.run(() =>
      redis
        .multi()
        .del(this.instanceKey(service, instanceId))
        .srem(this.indexKey(service), instanceId)
        .publish(this.channel, JSON.stringify({ service, instanceId, change: 'deregistered' }))
        .exec()
        .then(checkExec),
    );
  }

  async list(service: string): Promise<ServiceInstance[]> {
    const redis = await this.connection();
    return this.run(async () => {
      const ids = await redis.smembers(this.indexKey(service));
      return this.readInstances(redis, service, ids);
    });
  }

  async listAll(): Promise<InstancesByService> {
    const redis = await this.connection();
    return this.run(async () => {
      const services = (await redis.smembers(`${this.prefix}:services`)).sort();
      const result: InstancesByService = {};
      if (services.length === 0) return result;
      const pipeline = redis.pipeline();
      for (const service of services) pipeline.smembers(this.indexKey(service));
      const replies = checkExec(await pipeline.exec());
      for (const [i, service] of services.entries()) {
        result[service] = await this.readInstances(redis, service, replies[i] as string[]);
      }
      return result;
    });
  }

  watch(service: string, listener: RegistryListener): () => void {
    const read =
      service === ALL_SERVICES
        ? () => this.listAll()
        : async () => ({ [service]: await this.list(service) });
    const watch = pollRegistry(read, listener, this.options.pollMs ?? 500);
    this.watches.add(watch);
    this.subscribe();
    return () => {
      watch.stop();
      this.watches.delete(watch);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const watch of this.watches) watch.stop();
    this.watches.clear();
    this.subscriber?.disconnect();
    const client = this.client;
    if (client?.status === 'ready') await client.quit().catch(() => client.disconnect());
    else client?.disconnect();
  }

  private async write(instance: InstanceRegistration, announce: boolean): Promise<void> {
    const valid = instanceRegistrationSchema.parse(instance);
    const record: ServiceInstance = { ...valid, lastHeartbeat: new Date().toISOString() };
    const redis = await this.connection();
    await this.run(() => {
      const tx = redis
        .multi()
        .set(
          this.instanceKey(valid.service, valid.instanceId),
          JSON.stringify(record),
          'PX',
          this.options.ttlMs,
        )
        .sadd(this.indexKey(valid.service), valid.instanceId)
        .sadd(`${this.prefix}:services`, valid.service);
      if (announce) {
        tx.publish(
          this.channel,
          JSON.stringify({
            service: valid.service,
            instanceId: valid.instanceId,
            change: 'registered',
          }),
        );
      }
      return tx.exec().then(checkExec);
    });
  }

  private async readInstances(
    redis: Redis,
    service: string,
    ids: string[],
  ): Promise<ServiceInstance[]> {
    if (ids.length === 0) return [];
    const keys = ids.map((id) => this.instanceKey(service, id));
    const values = await redis.mget(...keys);
    const live: ServiceInstance[] = [];
    const gone: string[] = [];
    values.forEach((value, i) => {
      if (value === null) {
        gone.push(ids[i]);
        return;
      }
      const parsed = parseInstance(value);
      if (parsed && parsed.service === service && parsed.instanceId === ids[i]) live.push(parsed);
    });
    if (gone.length > 0) {
      await redis.eval(
        FORGET_IF_EXPIRED,
        gone.length + 1,
        this.indexKey(service),
        ...gone.map((id) => this.instanceKey(service, id)),
        ...gone,
      );
    }
    return sortInstances(live);
  }

  /** The command connection; the first use waits (briefly) for it, later uses never wait. */
  private async connection(): Promise<Redis> {
    if (this.closed) throw new RegistryUnavailableError(`${this.description}: closed`);
    if (!this.client) {
      const client = createRedisClient(this.options.url, {
        name: 'registry',
        connectTimeoutMs: this.options.connectTimeoutMs ?? 2000,
        commandTimeoutMs: this.options.commandTimeoutMs ?? 1000,
        // Capped at 1 s, so a registry that comes back is used again within about a second.
        maxReconnectDelayMs: 1000,
      });
      client.on('error', (error: Error) => (this.lastConnectionError = error.message));
      client.on('ready', () => (this.lastConnectionError = undefined));
      this.client = client;
      this.firstConnect = waitUntilReady(client, this.options.connectTimeoutMs ?? 2000);
    }
    if (this.firstConnect) {
      try {
        await this.firstConnect;
      } catch {
        // reported below from the connection state
      } finally {
        this.firstConnect = undefined;
      }
    }
    if (this.client.status !== 'ready') {
      const cause = this.lastConnectionError ? ` (${this.lastConnectionError})` : '';
      throw new RegistryUnavailableError(
        `${this.description} is unreachable: connection ${this.client.status}${cause}`,
      );
    }
    return this.client;
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      if (error instanceof RegistryUnavailableError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new RegistryUnavailableError(`${this.description}: ${reason}`, { cause: error });
    }
  }

  /** One subscriber connection for all watchers: a change message makes them re-read at once. */
  private subscribe(): void {
    if (this.subscriber || this.closed) return;
    const subscriber = createRedisClient(this.options.url, {
      name: 'registry-watch',
      connectTimeoutMs: this.options.connectTimeoutMs ?? 2000,
      maxReconnectDelayMs: 1000,
    });
    subscriber.on('error', () => undefined); // the command connection reports outages
    subscriber.on('message', () => {
      for (const watch of this.watches) watch.trigger();
    });
    // Without an offline queue, SUBSCRIBE waits for a connection: sent on every (re)connect;
    // polling covers what is published while it is down.
    subscriber.on('ready', () => {
      subscriber.subscribe(this.channel).catch(() => undefined);
    });
    subscriber.connect().catch(() => undefined);
    this.subscriber = subscriber;
  }

  private instanceKey(service: string, instanceId: string): string {
    return `${this.prefix}:instance:${service}:${instanceId}`;
  }

  private indexKey(service: string): string {
    return `${this.prefix}:service:${service}`;
  }
}

function waitUntilReady(client: Redis, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new Error(`no connection within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', onReady);
    // The first failure rejects connect(); the retry strategy keeps trying in the background.
    client.connect().catch(() => undefined);
  });
}

/** `exec()` results carry per-command errors; any of them fails the whole operation. */
function checkExec(results: [Error | null, unknown][] | null): unknown[] {
  if (!results) throw new Error('transaction aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

function parseInstance(raw: string): ServiceInstance | undefined {
  try {
    const parsed = serviceInstanceSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
