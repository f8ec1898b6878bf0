import { ProxyTracerProvider, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  type SpanExporter,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import {
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_NAMESPACE,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';
import { ensureAsyncContext } from '@newsreel/shared-async-context';
import type { PlatformConfig, ServiceName } from '@newsreel/shared-config';
import { LiveRatioSampler, type SampleRatioSource } from './live-ratio.sampler';
import { ReportingSpanExporter, StoreSpanProcessor, type TracingLogger } from './span-exporters';
import { TraceStore } from './trace-store';

/** Path of the gateway's OTLP/HTTP traces receiver (the standard OTLP path, outside `/api`). */
export const TRACE_RECEIVER_PATH = '/v1/traces';

/** Where a process's spans go. */
export type TraceDestination =
  /** OTLP/HTTP JSON to `url` (Jaeger, a collector, or the gateway's receiver). */
  | { kind: 'otlp'; url: string; label: string }
  /** This process hosts the embedded trace store and writes its own spans into it. */
  | { kind: 'store'; maxSpans: number }
  /** Any exporter (tests use an in-memory one). */
  | { kind: 'exporter'; exporter: SpanExporter; label: string };

/** Options of {@link startTracing}. */
export interface StartTracingOptions {
  /** `false`: no SDK at all; every span made through `@opentelemetry/api` is a no-op. */
  enabled: boolean;
  /** `service.name` of every span of this process. */
  service: string;
  instanceId: string;
  version: string;
  /** Share of new traces recorded; a function is read at every decision (hot setting). */
  sampleRatio: SampleRatioSource;
  destination: TraceDestination;
  /** How often finished spans are sent; default 1000 ms (a trace shows up within a second or two). */
  scheduledDelayMillis?: number;
}

/**
 * The running tracing of a process: what {@link startTracing} set up, and how to change the
 * sample ratio, flush and stop it. `PlatformModule` provides it as `TRACING`.
 */
export interface Tracing {
  /** Whether an SDK is registered (`tracing.enabled`). */
  readonly enabled: boolean;
  /** Where spans go, in words, for logs (`the gateway trace store at http://...`). */
  readonly destination: string;
  /** The embedded trace store, in the process that hosts it (the gateway, without an OTLP endpoint). */
  readonly store: TraceStore | undefined;
  /** The sampling ratio in force now (0 when disabled). */
  readonly sampleRatio: number;
  /** Changes where the ratio is read from, e.g. a value pushed by the config centre. */
  setSampleRatio(ratio: SampleRatioSource): void;
  /** Reports export problems (and the start-up summary) to `logger` from now on. */
  attachLogger(logger: TracingLogger): void;
  /** Sends every finished span now. */
  forceFlush(): Promise<void>;
  /** Flushes and stops; the global API is a no-op afterwards. Idempotent. */
  shutdown(): Promise<void>;
  /** Nest calls this when the handle is a provider and the app closes: {@link shutdown}. */
  onApplicationShutdown(): Promise<void>;
}

/** How long a final flush may take at shutdown; spans still unsent after it are lost. */
const SHUTDOWN_FLUSH_MS = 2000;

/**
 * Starts OpenTelemetry tracing for this process and registers it globally, so that every span
 * made through `@opentelemetry/api` anywhere (HTTP, RPC, Kafka, database, Redis
 * instrumentation in the platform libs) is recorded: a `TracerProvider` with resource
 * `service.name` / `service.instance.id` / `service.version`, the process's one async context
 * (`ensureAsyncContext`, which the platform libs' own values share), the W3C trace-context
 * propagator, a parent-based sampler whose root ratio is read live, and a
 * batch processor sending to `destination`.
 *
 * Call it before the process takes any request or connection (the platform does it first thing
 * while building `PlatformModule`). Nothing is monkey-patched: instrumentation is explicit in
 * the platform libs, and their tracers (the API's proxies) start delegating to this provider the
 * moment it registers.
 *
 * When another provider is already registered in this process (two apps in one test process),
 * the first one stays global; this one still records what is made through its own tracers.
 */
export function startTracing(options: StartTracingOptions): Tracing {
  if (!options.enabled) return new DisabledTracing();
  return new SdkTracing(options);
}

/**
 * The {@link StartTracingOptions} of a platform process from its configuration:
 * `tracing.otlpEndpoint` when set; otherwise the gateway keeps the embedded store and every
 * other service sends to the gateway's receiver at `services.gateway` + {@link TRACE_RECEIVER_PATH}.
 * The sample ratio is read from `config` at every decision, so updating
 * `config.tracing.sampleRatio` in place (the config centre does) takes effect at once.
 */
export function tracingOptionsFromConfig(
  config: PlatformConfig,
  service: ServiceName,
  version: string,
): StartTracingOptions {
  const { otlpEndpoint, storeMaxSpans } = config.tracing;
  const gateway = config.services.gateway;
  let destination: TraceDestination;
  if (otlpEndpoint) destination = { kind: 'otlp', url: otlpEndpoint, label: 'the OTLP endpoint' };
  else if (service === 'gateway') destination = { kind: 'store', maxSpans: storeMaxSpans };
  else
    destination = {
      kind: 'otlp',
      url: `http://${hostForUrl(gateway.host)}:${gateway.httpPort}${TRACE_RECEIVER_PATH}`,
      label: 'the gateway trace store',
    };
  return {
    enabled: config.tracing.enabled,
    service,
    instanceId: config.instanceId ?? service,
    version,
    sampleRatio: () => config.tracing.sampleRatio,
    destination,
  };
}

function hostForUrl(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

class DisabledTracing implements Tracing {
  readonly enabled = false;
  readonly destination = 'nowhere (tracing.enabled is false)';
  readonly store = undefined;
  readonly sampleRatio = 0;
  setSampleRatio(): void {}
  attachLogger(): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
  onApplicationShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

class SdkTracing implements Tracing {
  readonly enabled = true;
  readonly destination: string;
  readonly store: TraceStore | undefined;
  private readonly sampler: LiveRatioSampler;
  private readonly provider: TracerProvider;
  /** What sends spans elsewhere (none when this process hosts the store). */
  private readonly exporter: ReportingSpanExporter | undefined;
  private readonly registered: { trace: boolean; propagation: boolean };
  private stopped: Promise<void> | undefined;
  private logger: TracingLogger | undefined;

  constructor(private readonly options: StartTracingOptions) {
    const { destination } = options;
    let processor: SpanProcessor;
    if (destination.kind === 'store') {
      // Own spans go into the store as they end: an in-memory write needs no batching.
      this.store = new TraceStore(destination.maxSpans);
      processor = new StoreSpanProcessor(this.store);
      this.destination = `the embedded trace store (last ${destination.maxSpans} spans)`;
    } else {
      const inner =
        destination.kind === 'otlp'
          ? new OTLPTraceExporter({ url: destination.url, timeoutMillis: 10_000 })
          : destination.exporter;
      this.destination =
        destination.kind === 'otlp' ? `${destination.label} at ${destination.url}` : destination.label;
      this.exporter = new ReportingSpanExporter(inner, this.destination);
      processor = new BatchSpanProcessor({
        exporter: this.exporter,
        scheduledDelayMillis: options.scheduledDelayMillis ?? 1000,
        maxQueueSize: 8192,
        // Keeps one export request well under the embedded receiver's 1 MiB body limit.
        maxExportBatchSize: 256,
        exportTimeoutMillis: 10_000,
      });
    }
    this.sampler = new LiveRatioSampler(options.sampleRatio);
    this.provider = new TracerProvider({
      resource: resourceFromAttributes({
        [ATTR_SERVICE_NAME]: options.service,
        [ATTR_SERVICE_NAMESPACE]: 'newsreel',
        [ATTR_SERVICE_INSTANCE_ID]: options.instanceId,
        [ATTR_SERVICE_VERSION]: options.version,
      }),
      sampler: new ParentBasedSampler({ root: this.sampler }),
      spanLimits: { attributeValueLengthLimit: 4096 },
      spanProcessors: [processor],
    });
    ensureAsyncContext();
    this.registered = {
      propagation: propagation.setGlobalPropagator(new W3CTraceContextPropagator()),
      trace: trace.setGlobalTracerProvider(this.provider),
    };
  }

  get sampleRatio(): number {
    return this.sampler.ratio;
  }

  setSampleRatio(ratio: SampleRatioSource): void {
    this.sampler.setRatio(ratio);
  }

  attachLogger(logger: TracingLogger): void {
    this.logger = logger;
    this.exporter?.attachLogger(logger);
    logger.info(
      { sampleRatio: this.sampler.ratio, destination: this.destination },
      `tracing on: sampling ${Math.round(this.sampler.ratio * 1000) / 10}% of new traces, spans go to ${this.destination}`,
    );
    if (!this.registered.trace) {
      logger.warn(
        {},
        'tracing: another tracer provider is already registered in this process; it keeps recording the spans of the shared API',
      );
    }
  }

  forceFlush(): Promise<void> {
    return this.provider.forceFlush();
  }

  shutdown(): Promise<void> {
    this.stopped ??= this.stop();
    return this.stopped;
  }

  onApplicationShutdown(): Promise<void> {
    return this.shutdown();
  }

  private async stop(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    this.exporter?.silence();
    try {
      await Promise.race([
        this.provider.shutdown(),
        new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_FLUSH_MS))),
      ]);
    } catch (error) {
      this.logger?.warn({ err: error }, 'tracing: final flush failed');
    } finally {
      clearTimeout(timer);
    }
    // Unregister only what this instance registered, so a later start in the same process
    // (tests) can register again; the API is a no-op until then. The async context stays: it
    // is the process's, not tracing's.
    if (this.registered.trace && isGlobalProvider(this.provider)) trace.disable();
    if (this.registered.propagation) propagation.disable();
  }
}

function isGlobalProvider(provider: TracerProvider): boolean {
  const global = trace.getTracerProvider();
  return global instanceof ProxyTracerProvider ? global.getDelegate() === provider : global === provider;
}
