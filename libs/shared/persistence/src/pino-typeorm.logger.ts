import type { Logger } from '@newsreel/shared-logging';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * Sends what TypeORM has to say into the service's pino logger, so it arrives as JSON with the
 * service and instance id like every other line (TypeORM would print plain text to the console).
 * Queries and query errors are not logged here: the error reaches the caller, which decides.
 */
export class PinoTypeOrmLogger implements TypeOrmLogger {
  constructor(private readonly logger: Logger) {}

  logQuery(): void {}

  logQueryError(): void {}

  logQuerySlow(timeMs: number, query: string): void {
    this.logger.warn({ timeMs, query }, 'slow query');
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.info({ component: 'migrations' }, message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    this.logger[level === 'warn' ? 'warn' : 'info']({ component: 'typeorm' }, String(message));
  }
}
