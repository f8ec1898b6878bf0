import { resolve } from 'node:path';
import type { PlatformConfig } from '@newsreel/shared-config';
import { FileRegistry } from './file-registry.adapter';
import { RedisRegistry } from './redis-registry.adapter';
import { StaticRegistry, staticInstances } from './static-registry.adapter';
import type { RegistryKind, ServiceRegistry } from './service-registry.port';

/**
 * Which registry the configuration selects: `discovery.registry` when set, else `redis` when a
 * Redis URL is configured (`discovery.redisUrl` or `redis.url`), else `file`.
 */
export function resolveRegistryKind(config: PlatformConfig): RegistryKind {
  if (config.discovery.registry) return config.discovery.registry;
  return (config.discovery.redisUrl ?? config.redis.url) ? 'redis' : 'file';
}

/** The registry directory of the `file` adapter: `<dataDir>/registry`. */
export function registryDirectory(config: PlatformConfig): string {
  return resolve(config.dataDir, 'registry');
}

/**
 * Builds the registry the configuration selects (see {@link resolveRegistryKind}). Nothing
 * connects or touches the disk until first use. Throws when `redis` is chosen without a URL.
 */
export function createRegistry(config: PlatformConfig): ServiceRegistry {
  const { ttlMs } = config.discovery;
  switch (resolveRegistryKind(config)) {
    case 'static':
      return new StaticRegistry(staticInstances(config));
    case 'file':
      return new FileRegistry({ directory: registryDirectory(config), ttlMs });
    case 'redis': {
      const url = config.discovery.redisUrl ?? config.redis.url;
      if (!url) {
        throw new Error(
          'discovery.registry is "redis" but no Redis URL is set: set discovery.redisUrl ' +
            '(NEWSREEL_DISCOVERY_REDIS_URL) or redis.url (NEWSREEL_REDIS_URL)',
        );
      }
      return new RedisRegistry({ url, ttlMs });
    }
  }
}
