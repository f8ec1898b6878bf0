import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthHttpController } from './health.http-controller';
import { HEALTH_OPTIONS, type HealthOptions } from './health.tokens';
import { ReadinessRegistry } from './readiness.registry';

/** Serves `/health/live` and `/health/ready`; global so any module can register a check. */
@Global()
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions = { checkTimeoutMs: 1500 }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthHttpController],
      providers: [ReadinessRegistry, { provide: HEALTH_OPTIONS, useValue: options }],
      exports: [ReadinessRegistry],
    };
  }
}
