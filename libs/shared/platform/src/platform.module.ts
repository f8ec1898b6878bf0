import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  LIVE_CONFIG,
  LiveConfig,
  PLATFORM_CONFIG,
  type PlatformConfig,
  SERVICE_INFO,
  type ServiceInfo,
  type ServiceName,
  startLiveConfig,
} from '@newsreel/shared-config';
import { DiscoveryModule } from '@newsreel/shared-discovery';
import { HealthModule } from '@newsreel/shared-health';
import { LOGGER, type Logger, createLogger } from '@newsreel/shared-logging';
import { MetricsModule } from '@newsreel/shared-metrics';
import { REDIS_SETTINGS, type RedisSettings } from '@newsreel/shared-redis';
import { installRpcCredentials } from '@newsreel/shared-rpc';
import { TRACING, type Tracing, startTracing, tracingOptionsFromConfig } from '@newsreel/shared-tracing';
import { type ServedContract, pingControllerFor } from './ping.rpc-controller';

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
 * `/metrics` (HTTP and RPC servers, process), the RPC `ping` of the service's contract, service
 * discovery (shared-discovery: registry, registration, caller-side directory) and (with
 * {@link bootstrap}) registration once listening and graceful shutdown, and OpenTelemetry tracing
 * (shared-tracing: the SDK, started before anything connects). Later stages add more here, so
 * no app's wiring has to change.
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
        // The registry, this process's registration and the caller-side directory of instances.
        DiscoveryModule.forRootAsync({
          inject: [PLATFORM_CONFIG, LOGGER],
          useFactory: (config: PlatformConfig, logger: Logger) => ({
            config,
            logger,
            service: name,
            version: VERSION,
          }),
        }),
      ],
      controllers: contract ? [pingControllerFor(contract)] : [],
      providers: [
        { provide: SERVICE_INFO, useValue: info },
        // A factory, so a bad setting fails inside bootstrap() with a clean message. Async: the
        // config centre's layers (or the local snapshot) are in before anything reads config.
        {
          provide: LIVE_CONFIG,
          useFactory: () =>
            options.config ? LiveConfig.fixed(options.config) : startLiveConfig({ service: name }),
        },
        // The same object for the life of the process; hot keys are updated in place.
        {
          provide: PLATFORM_CONFIG,
          inject: [LIVE_CONFIG],
          useFactory: (live: LiveConfig) => live.config,
        },
        LiveConfigWiring,
        // Where Redis is, for shared-redis (which sits below the config lib and cannot read it).
        {
          provide: REDIS_SETTINGS,
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig): RedisSettings => config.redis,
        },
        // This process's RPC identity, installed while the app is built (Nest creates every
        // provider before anything listens or calls): its calls carry a service token and its
        // servers refuse calls without one.
        {
          provide: RPC_CREDENTIALS,
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig) =>
            installRpcCredentials({ service: name, secret: config.auth.rpcSecret }),
        },
        // Tracing starts first: the logger depends on it and everything that connects anywhere
        // (database, Redis, Kafka, RPC) depends on the logger, so the SDK is registered before
        // the first query or request. The handle flushes and stops at app.close().
        {
          provide: TRACING,
          inject: [PLATFORM_CONFIG],
          useFactory: (config: PlatformConfig) =>
            startTracing(tracingOptionsFromConfig(config, name, VERSION)),
        },
        {
          provide: LOGGER,
          inject: [PLATFORM_CONFIG, TRACING],
          useFactory: (config: PlatformConfig, tracing: Tracing) => {
            const logger = createLogger({
              service: name,
              instanceId: config.instanceId ?? name,
              level: config.log.level,
            });
            tracing.attachLogger(logger);
            return logger;
          },
        },
      ],
      exports: [SERVICE_INFO, PLATFORM_CONFIG, LIVE_CONFIG, LOGGER, TRACING, REDIS_SETTINGS],
    };
  }
}

/** DI token of the process's installed `RpcCredentials`. */
const RPC_CREDENTIALS = Symbol('RPC_CREDENTIALS');

/**
 * Connects the live configuration to the process: its log lines go to the service's logger
 * (those written at start-up, before the logger existed, first), `log.level` changes apply to
 * the running logger, and the centre is left (watchers stopped, status removed) at shutdown.
 */
@Injectable()
class LiveConfigWiring implements OnApplicationShutdown {
  constructor(
    @Inject(LIVE_CONFIG) private readonly live: LiveConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    live.useLogger(logger);
    live.onChange<Logger['level']>('log.level', (level) => (logger.level = level));
  }

  onApplicationShutdown(): Promise<void> {
    return this.live.close();
  }
}
