import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';
import { fromReadableSpan } from './stored-span';
import type { TraceStore } from './trace-store';

/** The two log levels tracing reports its own problems at (a pino logger fits). */
export interface TracingLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/**
 * Writes every sampled span into the embedded store the moment it ends: what the process
 * hosting the store (the gateway) uses for its own spans. An in-memory write has nothing to
 * batch, so there is no queue holding finished spans for a second (traces show up at once, and
 * the spans die young instead of surviving into the old generation of the heap).
 */
export class StoreSpanProcessor implements SpanProcessor {
  constructor(private readonly store: TraceStore) {}

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    this.store.add([fromReadableSpan(span)]);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** While exports keep failing, one reminder per this interval (not one line per batch). */
const REMINDER_MS = 60_000;

/**
 * Wraps an exporter so that a destination that does not answer is reported clearly: one warning
 * naming it and the cause when exports start failing, a reminder every minute with the number
 * of spans dropped, and one line when exports work again. Tracing never fails a request, so
 * this log is the only place such an outage shows.
 */
export class ReportingSpanExporter implements SpanExporter {
  private logger: TracingLogger | undefined;
  /** A failure that happened before a logger was attached; reported on attach. */
  private pending: { fields: object; message: string } | undefined;
  private failingSince: number | undefined;
  private lastReminder = 0;
  private dropped = 0;
  private quiet = false;

  constructor(
    private readonly inner: SpanExporter,
    /** Where spans go, for the messages (`OTLP endpoint http://jaeger:4318/v1/traces`). */
    private readonly destination: string,
  ) {}

  /** Starts reporting to `logger` (it is created after tracing starts). */
  attachLogger(logger: TracingLogger): void {
    this.logger = logger;
    if (this.pending) logger.warn(this.pending.fields, this.pending.message);
    this.pending = undefined;
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.succeeded();
      else this.failed(spans.length, result.error);
      done(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  /** Stops reporting failures: at process shutdown the receiver may already be gone. */
  silence(): void {
    this.quiet = true;
  }

  shutdown(): Promise<void> {
    this.silence();
    return this.inner.shutdown();
  }

  private succeeded(): void {
    if (this.failingSince === undefined) return;
    const downMs = Date.now() - this.failingSince;
    this.report('info', { destination: this.destination, downMs, droppedSpans: this.dropped },
      `trace export to ${this.destination} works again`);
    this.failingSince = undefined;
    this.dropped = 0;
  }

  private failed(spans: number, error: Error | undefined): void {
    const now = Date.now();
    this.dropped += spans;
    const cause = describe(error);
    if (this.failingSince === undefined) {
      this.failingSince = now;
      this.lastReminder = now;
      this.report('warn', { destination: this.destination, cause },
        `trace export to ${this.destination} failed: ${cause}; spans are dropped until it answers`);
    } else if (now - this.lastReminder >= REMINDER_MS) {
      this.lastReminder = now;
      this.report('warn', { destination: this.destination, cause, droppedSpans: this.dropped },
        `trace export to ${this.destination} still failing: ${cause}`);
    }
  }

  private report(level: 'info' | 'warn', fields: object, message: string): void {
    if (this.quiet) return;
    if (this.logger) this.logger[level](fields, message);
    else if (level === 'warn') this.pending = { fields, message };
  }
}

function describe(error: Error | undefined): string {
  if (!error) return 'unknown error';
  const code = (error as { code?: unknown }).code;
  // Node's network errors (ECONNREFUSED...) carry the useful part in `code` or in a cause.
  const cause = (error as { cause?: unknown }).cause;
  const causeText = cause instanceof Error ? cause.message : undefined;
  return [error.message || error.name, typeof code === 'string' ? code : undefined, causeText]
    .filter((part, i, all) => part && all.indexOf(part) === i)
    .join(': ');
}
