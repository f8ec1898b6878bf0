import { context, isSpanContextValid, trace } from '@opentelemetry/api';
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
 * A line written while a span is active (during a request, an RPC call, a consumed event) also
 * carries `trace_id` and `span_id`, so it can be joined to its trace.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service, instanceId: options.instanceId },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: traceFields,
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

/**
 * `trace_id` / `span_id` of the active span (the names of OpenTelemetry's log data model), or
 * nothing. Read through `@opentelemetry/api` only: without a registered SDK there is no active
 * span and lines stay as they were. A new object each time: pino merges the line's own fields
 * into what the mixin returns.
 */
function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return isSpanContextValid(span.spanContext()) ? { trace_id: traceId, span_id: spanId } : {};
}

export type { Logger } from 'pino';
