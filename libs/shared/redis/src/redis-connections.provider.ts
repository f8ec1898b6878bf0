import {
  Inject,
  Injectable,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { type ReadinessCheck, ReadinessRegistry } from '@newsreel/shared-health';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import type { Redis } from 'ioredis';
import { type ConnectRedisOptions, closeRedis, connectRedis } from './connect-redis';
import {
  type OptionalRedis,
  REDIS_CLIENT,
  REDIS_SETTINGS,
  type RedisSettings,
} from './redis.tokens';

/**
 * Owns the process's Redis connections: registers the `redis` readiness check for the shared
 * client, opens extra connections on request, and closes all of them at shutdown.
 */
@Injectable()
export class RedisConnections implements OnModuleInit, OnApplicationShutdown {
  private readonly extra = new Set<Redis>();

  constructor(
    @Inject(REDIS_SETTINGS) private readonly settings: RedisSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(REDIS_CLIENT) private readonly shared: OptionalRedis,
    // Optional so the module also works in a bare test context without the health endpoints.
    @Optional() @Inject(ReadinessRegistry) private readonly readiness?: ReadinessRegistry,
  ) {}

  /** Whether `redis.url` is set, i.e. whether {@link open} can work. */
  get configured(): boolean {
    return this.settings.url !== undefined;
  }

  /**
   * A new connection to the configured Redis, for what must not share the common client:
   * subscribers (a subscribed connection can run nothing else) and blocking commands. It is
   * closed at application shutdown. Throws when Redis is not configured.
   */
  async open(
    name: string,
    options: Omit<ConnectRedisOptions, 'name' | 'logger'> = {},
  ): Promise<Redis> {
    const url = this.settings.url;
    if (url === undefined) {
      throw new Error(
        `Redis connection '${name}' needs redis.url (NEWSREEL_REDIS_URL), which is not set`,
      );
    }
    const client = await connectRedis(url, { ...options, name, logger: this.logger });
    this.extra.add(client);
    client.once('end', () => this.extra.delete(client));
    return client;
  }

  onModuleInit(): void {
    if (this.shared) this.readiness?.register('redis', redisReadinessCheck(this.shared));
  }

  /**
   * Runs after Nest has closed the HTTP and RPC servers, so requests still in flight during the
   * drain could use Redis until the end.
   */
  async onApplicationShutdown(): Promise<void> {
    const clients = [...this.extra, ...(this.shared ? [this.shared] : [])];
    await Promise.all(clients.map((client) => closeRedis(client)));
  }
}

/**
 * A readiness check that is up when `client` answers `PING`, reporting the round trip as
 * `latencyMs`. While ioredis is reconnecting it is down at once (no command is attempted).
 */
export function redisReadinessCheck(client: Redis): ReadinessCheck {
  return async () => {
    if (client.status !== 'ready') return { up: false, reason: `connection ${client.status}` };
    const started = performance.now();
    await client.ping();
    return { up: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  };
}
