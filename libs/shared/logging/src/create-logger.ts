import pino, { type Logger, type LoggerOptions } from 'pino';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  service: string;
  instanceId: string;
  level: LoggerOptions['level'];
  /** Where lines go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

/**
 * One JSON line per event with `service` and `instanceId` on every line, so logs from many
 * processes can be merged and filtered (the dev launcher prints them prefixed and readable).
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service, instanceId: options.instanceId },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Never let a credential reach a log line, whatever a caller passes.
      redact: {
        paths: ['password', '*.password', 'accessToken', 'refreshToken', '*.authorization', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    // Synchronous writes: a line is out before the next statement runs (nothing lost at a crash),
    // and a write to a closed pipe fails at once instead of being retried in the background.
    options.destination ?? pino.destination({ sync: true }),
  );
}

export type { Logger } from 'pino';
