import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  INVALID_TRACEID,
  propagation,
  trace,
} from '@opentelemetry/api';
import type { RpcMeta } from './rpc-envelope';

/** Name of the tracer both ends of a call use (instrumentation scope). */
export const RPC_TRACER_NAME = '@newsreel/shared-rpc';

/** `rpc.system` of this transport (OpenTelemetry RPC semantic conventions). */
export const RPC_SYSTEM = 'newsreel_tcp';

/**
 * Status names that make a server span an error: the server failed. Client mistakes
 * (INVALID_ARGUMENT, NOT_FOUND, ...) are answers, not server failures (as in the gRPC conventions).
 */
const SERVER_ERROR_STATUSES = new Set([
  'UNKNOWN',
  'DEADLINE_EXCEEDED',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
]);

/**
 * The tracer, looked up per span: with no SDK registered it is a no-op; once the tracing lib
 * registers one, new spans go there (a tracer cached at load time would not follow a provider
 * registered later, or replaced by a test).
 */
export function rpcTracer(): Tracer {
  return trace.getTracer(RPC_TRACER_NAME);
}

/** `newsreel.video.v1/getVideo`: `<rpc.service>/<rpc.method>`, the span name on both ends. */
export function rpcSpanName(rpcService: string, method: string): string {
  return `${rpcService}/${method}`;
}

/** The attributes both ends put on a call's span. */
export function rpcAttributes(rpcService: string, method: string): Attributes {
  return { 'rpc.system': RPC_SYSTEM, 'rpc.service': rpcService, 'rpc.method': method };
}

/** Writes the W3C trace context of `context` (`traceparent`, `tracestate`) into the call metadata. */
export function injectTraceContext(context: Context, meta: RpcMeta): void {
  const carrier: Record<string, string> = {};
  propagation.inject(context, carrier);
  if (carrier.traceparent) meta.traceparent = carrier.traceparent;
  if (carrier.tracestate) meta.tracestate = carrier.tracestate;
}

/** The caller's trace context from the call metadata (the root context when there is none). */
export function extractTraceContext(meta: Partial<RpcMeta> | undefined): Context {
  const carrier: Record<string, string> = {};
  if (typeof meta?.traceparent === 'string') carrier.traceparent = meta.traceparent;
  if (typeof meta?.tracestate === 'string') carrier.tracestate = meta.tracestate;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/**
 * Whether `parent` belongs to a trace that is not sampled. Sampling is parent-based everywhere
 * (ADR 0009), so no span under it would be recorded: the RPC client and server then start no
 * span at all and carry the parent's context on as it is (same trace id, flags `00`, the span id
 * of the last span that was started, normally the gateway's). Logs still carry the trace id;
 * what is saved is a span id, a sampler call and a span object per hop of every unsampled call.
 */
export function inUnsampledTrace(parent: Context): boolean {
  const spanContext = trace.getSpanContext(parent);
  return (
    spanContext !== undefined &&
    (spanContext.traceFlags & TraceFlags.SAMPLED) === 0 &&
    spanContext.traceId !== INVALID_TRACEID
  );
}

/**
 * Starts the SERVER span of a call, child of the caller's span carried in `meta`. In a trace that
 * is not sampled, no span is started: `span` is then the caller's (non-recording, its `end()` a
 * no-op) and `context` the caller's context (see {@link inUnsampledTrace}).
 */
export function startServerSpan(
  rpcService: string,
  method: string,
  meta: Partial<RpcMeta> | undefined,
): { span: Span; context: Context } {
  const parent = extractTraceContext(meta);
  if (inUnsampledTrace(parent)) return { span: trace.getSpan(parent)!, context: parent };
  const span = rpcTracer().startSpan(
    rpcSpanName(rpcService, method),
    { kind: SpanKind.SERVER, attributes: rpcAttributes(rpcService, method) },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** Ends a server span with the call's status name (ERROR only for server-side failures). */
export function endServerSpan(span: Span, statusName: string, message?: string): void {
  if (span.isRecording()) span.setAttribute('rpc.response.status_code', statusName);
  if (SERVER_ERROR_STATUSES.has(statusName)) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: message ?? statusName });
  }
  span.end();
}
