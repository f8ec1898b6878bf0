import { join, resolve } from 'node:path';
import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  type InjectionToken,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigError, type PlatformConfig } from '@newsreel/shared-config';
import { createRegistry } from './create-registry';
import { DISCOVERY_OPTIONS, SERVICE_REGISTRY } from './discovery.tokens';
import { type DiscoveryLogger, ServiceDirectory } from './service-directory';
import { ServiceRegistrar } from './service-registrar';
import type { ServiceRegistry } from './service-registry.port';

/** What {@link DiscoveryModule} needs to know about the process. */
export interface DiscoveryModuleOptions {
  config: PlatformConfig;
  logger: DiscoveryLogger;
  /** The deployable this process is (`video`, `gateway`). */
  service: string;
  /** The release it runs (registered as the instance's `version`). */
  version: string;
}

/** Options of {@link DiscoveryModule.forRootAsync}, computed from other providers. */
export interface DiscoveryModuleAsyncOptions {
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => DiscoveryModuleOptions;
}

/** Where a process keeps its last known instance lists. */
export function snapshotFileOf(config: PlatformConfig, service: string): string {
  return join(resolve(config.dataDir), 'discovery', `${service}.snapshot.json`);
}

/**
 * Discovery for one process (global): the {@link SERVICE_REGISTRY} adapter the configuration
 * selects, the caller-side {@link ServiceDirectory} (started at application bootstrap, so every
 * RPC client module has tracked its upstreams by then) and this process's own
 * {@link ServiceRegistrar} (started by `bootstrap()` once the process listens). At shutdown the
 * registration is removed (if `bootstrap()` did not already), watching stops and connections close.
 * `PlatformModule.forService` imports it.
 */
@Global()
@Module({})
export class DiscoveryModule {
  static forRootAsync(options: DiscoveryModuleAsyncOptions): DynamicModule {
    return {
      module: DiscoveryModule,
      providers: [
        {
          provide: DISCOVERY_OPTIONS,
          inject: options.inject ?? [],
          useFactory: options.useFactory,
        },
        {
          provide: SERVICE_REGISTRY,
          inject: [DISCOVERY_OPTIONS],
          useFactory: ({ config }: DiscoveryModuleOptions): ServiceRegistry => {
            try {
              return createRegistry(config);
            } catch (error) {
              throw new ConfigError([(error as Error).message]);
            }
          },
        },
        {
          provide: ServiceDirectory,
          inject: [DISCOVERY_OPTIONS, SERVICE_REGISTRY],
          useFactory: (o: DiscoveryModuleOptions, registry: ServiceRegistry) =>
            new ServiceDirectory({
              registry,
              logger: o.logger,
              // Static addresses cannot have an outage: nothing to keep.
              snapshotFile:
                registry.kind === 'static' ? undefined : snapshotFileOf(o.config, o.service),
            }),
        },
        {
          provide: ServiceRegistrar,
          inject: [DISCOVERY_OPTIONS, SERVICE_REGISTRY],
          useFactory: (o: DiscoveryModuleOptions, registry: ServiceRegistry) =>
            new ServiceRegistrar({
              registry,
              logger: o.logger,
              heartbeatMs: o.config.discovery.heartbeatMs,
              ttlMs: o.config.discovery.ttlMs,
              identity: {
                service: o.service,
                instanceId: o.config.instanceId ?? o.service,
                version: o.version,
                colour: o.config.discovery.colour,
                weight: o.config.discovery.weight,
              },
            }),
        },
        DiscoveryLifecycle,
      ],
      exports: [SERVICE_REGISTRY, ServiceDirectory, ServiceRegistrar],
    };
  }
}

/** Starts the directory at bootstrap; leaves the registry and closes it at shutdown. */
@Injectable()
class DiscoveryLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(SERVICE_REGISTRY) private readonly registry: ServiceRegistry,
    @Inject(ServiceDirectory) private readonly directory: ServiceDirectory,
    @Inject(ServiceRegistrar) private readonly registrar: ServiceRegistrar,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.directory.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registrar.stop();
    await this.directory.close();
    await this.registry.close();
  }
}
