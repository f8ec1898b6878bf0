import { Controller, Get, Inject } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { ReadinessRegistry } from './readiness.registry';
import { HEALTH_OPTIONS, type HealthOptions } from './health.tokens';

/** `/health/live` (the process answers) and `/health/ready` (it can serve traffic). */
@Controller('health')
export class HealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessRegistry,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([
      () => this.indicators.check('process').up({ uptimeSec: Math.round(process.uptime()) }),
    ]);
  }

  @Get('ready')
  @HealthCheck()
  async ready() {
    const results = this.readiness.isDraining ? {} : await this.readiness.runAll(this.options.checkTimeoutMs);
    const checks: Array<() => HealthIndicatorResult> = [
      () =>
        this.readiness.isDraining
          ? this.indicators.check('process').down({ reason: 'shutting down' })
          : this.indicators.check('process').up(),
      ...Object.entries(results).map(([name, { up, ...data }]) => () => {
        const session = this.indicators.check(name);
        return up ? session.up(data) : session.down(data);
      }),
    ];
    return this.health.check(checks);
  }
}
