import type { Redis } from 'ioredis';

/**
 * The shared Redis client, or `undefined` when `redis.url` is not configured (the embedded
 * default). Consumers decide what "no Redis" means for them: the cache falls back to memory by
 * design, a component that cannot work without Redis throws at start.
 */
export type OptionalRedis = Redis | undefined;

/**
 * DI token of the process's shared, connected Redis client ({@link OptionalRedis}). Provided by
 * `RedisModule.forRoot()`. Never use it for SUBSCRIBE or blocking commands: a connection in
 * subscriber mode cannot run anything else; open a dedicated one with `RedisConnections.open()`.
 */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/**
 * Where the process's Redis is: `url` unset means no Redis (the embedded default). The
 * composition root (`PlatformModule.forService`) provides it from the validated `redis.*`
 * settings, so this lib, which the config lib itself builds on, never imports configuration.
 */
export interface RedisSettings {
  url?: string;
}

/** DI token of {@link RedisSettings}. */
export const REDIS_SETTINGS = Symbol('REDIS_SETTINGS');
