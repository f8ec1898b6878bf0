import { type DynamicModule, Global, type InjectionToken, Module } from '@nestjs/common';
import { MetricsHttpController } from './metrics.http-controller';
import { MetricsRegistry } from './metrics.registry';
import { METRICS_OPTIONS, type MetricsOptions } from './metrics.tokens';

/** Options of {@link MetricsModule.forRootAsync}: the labels, computed from other providers. */
export interface MetricsModuleAsyncOptions {
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => MetricsOptions;
}

/**
 * Serves `GET /metrics` and provides the {@link MetricsRegistry}; global so any module can
 * register a collector. The platform module imports it: every process has metrics.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    return MetricsModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: MetricsModuleAsyncOptions): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsHttpController],
      providers: [
        MetricsRegistry,
        { provide: METRICS_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
      ],
      exports: [MetricsRegistry],
    };
  }
}
