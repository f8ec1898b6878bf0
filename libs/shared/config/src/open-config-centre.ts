import { resolve } from 'node:path';
import type { ConfigCentreSource } from './config-centre.port';
import type { ConfigLogger } from './config-logger';
import { FileConfigCentre } from './file.config-centre';
import { ConfigError } from './load-config';
import type { PlatformConfig, ServiceName } from './platform-config.schema';
import { RedisConfigCentre } from './redis.config-centre';

/** Which config centre a configuration names, and where it is. */
export type ResolvedConfigCentre =
  { source: 'none' } | { source: 'file'; dir: string } | { source: 'redis'; url: string };

/**
 * Resolves `configCentre.source`: explicit, else `redis` when `configCentre.redisUrl` or
 * `redis.url` is set, else `file` (the embedded default, `<dataDir>/config-centre`). A `redis`
 * source without a URL is a {@link ConfigError}: nothing falls back to the files silently.
 */
export function resolveConfigCentre(config: PlatformConfig): ResolvedConfigCentre {
  const url = config.configCentre.redisUrl ?? config.redis.url;
  const source = config.configCentre.source ?? (url ? 'redis' : 'file');
  if (source === 'none') return { source };
  if (source === 'file') return { source, dir: resolve(config.dataDir, 'config-centre') };
  if (!url)
    throw new ConfigError([
      'configCentre.source: "redis" needs configCentre.redisUrl or redis.url (NEWSREEL_CONFIG_CENTRE_REDIS_URL / NEWSREEL_REDIS_URL)',
    ]);
  return { source, url };
}

/** Options of {@link openConfigCentre}. */
export interface OpenConfigCentreOptions {
  logger?: ConfigLogger;
  /** Key prefix of the Redis centre (tests). */
  keyPrefix?: string;
}

/**
 * The config centre the configuration names, not yet connected (`connect()` it), or `undefined`
 * when `configCentre.source` is `none`.
 */
export function openConfigCentre(
  config: PlatformConfig,
  options: OpenConfigCentreOptions = {},
): ConfigCentreSource | undefined {
  const resolved = resolveConfigCentre(config);
  if (resolved.source === 'none') return undefined;
  if (resolved.source === 'file') return new FileConfigCentre(resolved.dir);
  return new RedisConfigCentre(resolved.url, options);
}

/** Where a service keeps the last centre layers it applied: `<dataDir>/config-centre-snapshots/<service>.json`. */
export function snapshotFileOf(config: PlatformConfig, service: ServiceName): string {
  return resolve(config.dataDir, 'config-centre-snapshots', `${service}.json`);
}
