import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  BACKEND_SERVICES,
  type BackendServiceName,
  PLATFORM_CONFIG,
  type PlatformConfig,
  SERVICE_INFO,
  type ServiceInfo,
} from '@newsreel/shared-config';
import { ReadinessRegistry, type ReadinessResult } from '@newsreel/shared-health';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import { DataSource } from 'typeorm';
import type { PersistenceParts } from './database-options';
import { openDatabase } from './open-database';
import { TransactionRunner } from './transaction-runner';

/** Closes the pool (or the SQLite file) once HTTP and RPC servers have stopped taking work. */
@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * The service's own database. Import once in the app module, next to `PlatformModule`:
 *
 * ```ts
 * PersistenceModule.forService({ entities: [VideoEntity], migrations: [CreateVideos1767225600000] })
 * ```
 *
 * Provides the initialized TypeORM `DataSource` (inject it by its class) and a
 * {@link TransactionRunner}. At start it opens the database chosen by configuration (see
 * {@link openDatabase}), runs pending migrations, logs which database is used (password
 * redacted) and registers the readiness check `database`; at shutdown it closes the connections.
 * Global, because the app assembles entities and migrations while repositories in data-access
 * libs inject the `DataSource` from their own modules.
 */
@Global()
@Module({})
export class PersistenceModule {
  /** @param parts the service's entities and all of its migrations, oldest first. */
  static forService(parts: PersistenceParts): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        {
          provide: DataSource,
          inject: [PLATFORM_CONFIG, SERVICE_INFO, LOGGER, ReadinessRegistry],
          useFactory: async (
            config: PlatformConfig,
            info: ServiceInfo,
            logger: Logger,
            readiness: ReadinessRegistry,
          ): Promise<DataSource> => {
            const service = backendService(info.name);
            const { dataSource, url, applied } = await openDatabase(config, service, parts, {
              logger,
            });
            logger.info(
              { database: url, dialect: dataSource.options.type, migrationsApplied: applied },
              `${service} database ready`,
            );
            readiness.register('database', () => ping(dataSource));
            return dataSource;
          },
        },
        {
          provide: TransactionRunner,
          inject: [DataSource, LOGGER],
          useFactory: (dataSource: DataSource, logger: Logger): TransactionRunner => {
            const runner = new TransactionRunner(dataSource);
            runner.onHookError = (error) =>
              logger.warn(
                { err: error },
                'an after-commit hook failed (the transaction committed)',
              );
            return runner;
          },
        },
        DataSourceCloser,
      ],
      exports: [DataSource, TransactionRunner],
    };
  }
}

function backendService(name: string): BackendServiceName {
  const service = BACKEND_SERVICES.find((s) => s === name);
  if (!service)
    throw new Error(
      `${name} has no database of its own; PersistenceModule is for backend services`,
    );
  return service;
}

/** The readiness check: one trivial round trip, with its latency for the health page. */
async function ping(dataSource: DataSource): Promise<ReadinessResult> {
  const started = performance.now();
  await dataSource.query('SELECT 1');
  return { up: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
}
