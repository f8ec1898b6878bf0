import { type DynamicModule, Global, Module } from '@nestjs/common';
import {
  PLATFORM_CONFIG,
  type PlatformConfig,
  type ServiceName,
  loadConfig,
} from '@newsreel/shared-config';
import { HealthModule } from '@newsreel/shared-health';
import { createLogger } from '@newsreel/shared-logging';
import { MetricsModule } from '@newsreel/shared-metrics';
import { type ServedContract, pingControllerFor } from './ping.rpc-controller';
import { LOGGER, SERVICE_INFO, type ServiceInfo } from './platform.tokens';

/** Options of {@link PlatformModule.forService}. */
export interface PlatformOptions {
  /** Use this configuration instead of loading it (tests start services with their own). */
  config?: PlatformConfig;
}

// One version for the whole monorepo: every deployable is released together.
const VERSION = '0.1.0';

/**
 * The "service defaults" every app imports with one line: validated configuration, structured
 * logging with service and instance id, `/health/live` and `/health/ready`, Prometheus metrics at
 * `/metrics` (HTTP and RPC servers, process), the RPC `ping` of the service's contract, and (with
 * {@link bootstrap}) graceful shutdown. Later stages add discovery and tracing here, so no app's
 * wiring has to change.
 */
@Global()
@Module({})
export class PlatformModule {
  /**
   * @param name the deployable being started (selects `config/<name>.yaml`).
   * @param contract the RPC contract it serves; omit for the gateway, which serves only HTTP.
   * @param options `config` replaces loading from files and the environment (tests, embedding).
   */
  static forService(
    name: ServiceName,
    contract?: ServedContract,
    options: PlatformOptions = {},
  ): DynamicModule {
    if (contract && contract.service !== name) {
      throw new Error(
        `PlatformModule.forService('${name}') was given the ${contract.service} contract`,
      );
    }
    const info: ServiceInfo = { name, contract, version: VERSION };
    return {
      module: PlatformModule,
      imports: [
        HealthModule.forRoot(),
        MetricsModule.forRootAsync({
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig) => ({
            service: name,
            instance: config.instanceId ?? name,
          }),
        }),
      ],
      controllers: contract ? [pingControllerFor(contract)] : [],
      providers: [
        { provide: SERVICE_INFO, useValue: info },
        // A factory, so a bad setting fails inside bootstrap() with a clean message.
        {
          provide: PLATFORM_CONFIG,
          useFactory: () => options.config ?? loadConfig({ service: name }),
        },
        {
          provide: LOGGER,
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig) =>
            createLogger({
              service: name,
              instanceId: config.instanceId ?? name,
              level: config.log.level,
            }),
        },
      ],
      exports: [SERVICE_INFO, PLATFORM_CONFIG, LOGGER],
    };
  }
}
