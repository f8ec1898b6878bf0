import type { ConfigLogger } from './config-logger';

type LogLevel = 'info' | 'warn' | 'error';

/**
 * Holds log lines until a logger is attached: the configuration is loaded before the logger
 * exists (the logger's level is configuration), and start-up is when the centre has the most
 * to say (unreachable, booting from a snapshot).
 */
export class BufferedLog implements ConfigLogger {
  private readonly lines: Array<{ level: LogLevel; details: object; message: string }> = [];

  constructor(private target?: ConfigLogger) {}

  /** Sends the held lines to `target`, then every later one. */
  attach(target: ConfigLogger): void {
    this.target = target;
    for (const line of this.lines.splice(0)) target[line.level](line.details, line.message);
  }

  info(details: object, message: string): void {
    this.write('info', details, message);
  }
  warn(details: object, message: string): void {
    this.write('warn', details, message);
  }
  error(details: object, message: string): void {
    this.write('error', details, message);
  }

  private write(level: LogLevel, details: object, message: string): void {
    if (this.target) this.target[level](details, message);
    else this.lines.push({ level, details, message });
  }
}
