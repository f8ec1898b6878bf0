import {
  type Context,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  context,
  isSpanContextValid,
  propagation,
  trace,
} from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TRACE_RECEIVER_PATH } from './start-tracing';

/** Paths without server spans: probes, scrapes and the trace receiver would drown real traffic. */
export const UNTRACED_PATHS: readonly string[] = ['/health', '/metrics', TRACE_RECEIVER_PATH];

/** Options of {@link installHttpTracing}. */
export interface HttpTracingOptions {
  /** Path prefixes that get no span (default {@link UNTRACED_PATHS}). */
  untraced?: readonly string[];
}

const SPAN = Symbol('newsreel.http.span');
const CONTEXT = Symbol('newsreel.http.context');
type TracedRequest = FastifyRequest & { [SPAN]?: Span; [CONTEXT]?: Context };

const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'CONNECT',
  'TRACE',
]);

/**
 * A SERVER span for every request a Fastify server answers, following OpenTelemetry's HTTP
 * semantic conventions: named `<METHOD> <route pattern>` (`GET /api/v1/videos/:id`, or just the
 * method when no route matched), with `http.request.method`, `http.route`, `url.path`,
 * `url.scheme`, `server.address`, `server.port` and `http.response.status_code`; status error
 * on a 5xx (a 4xx is the client's error, not the server's). A `traceparent` header in the
 * request makes the span its child; every response carries the span's own `traceparent`
 * (flags `00` when the trace is not sampled), so a client can quote it in a bug report.
 *
 * The span is the active context of the route handler (everything Nest runs for it: guards,
 * pipes, the controller, exception filters), so spans made inside (RPC calls) become its
 * children and log lines carry its ids: the `onRequest` hook continues the request inside the
 * span's context, and Fastify runs body parsing in an `AsyncResource` of that context, so the
 * handler keeps it even when the body arrives in several packets. Call before the server
 * listens (`bootstrap` does).
 */
export function installHttpTracing(fastify: FastifyInstance, options: HttpTracingOptions = {}): void {
  const tracer = trace.getTracer('@newsreel/shared-tracing');
  const untraced = options.untraced ?? UNTRACED_PATHS;
  const prefixes = untraced.map((prefix) => `${prefix}/`);
  const isUntraced = (path: string) =>
    untraced.includes(path) || prefixes.some((prefix) => path.startsWith(prefix));
  // Per route pattern (a bounded set): whether it is traced and its span name, worked out once.
  const routes = new Map<string, { traced: boolean; names: Map<string, string> }>();

  fastify.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions.url;
    let known = route === undefined ? undefined : routes.get(route);
    if (route !== undefined && !known) {
      known = { traced: !isUntraced(route), names: new Map() };
      routes.set(route, known);
    }
    if (known ? !known.traced : isUntraced(pathOf(request.url))) return done();
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const method = KNOWN_METHODS.has(request.method) ? request.method : undefined;
    let name = method && known?.names.get(method);
    if (!name) {
      name = method ? (route ? `${method} ${route}` : method) : 'HTTP';
      if (method && known) known.names.set(method, name);
    }
    const span = tracer.startSpan(name, { kind: SpanKind.SERVER }, parent);
    if (span.isRecording()) {
      span.setAttributes({
        [ATTR_HTTP_REQUEST_METHOD]: method ?? '_OTHER',
        [ATTR_URL_PATH]: pathOf(request.url),
        [ATTR_URL_SCHEME]: request.protocol,
        [ATTR_SERVER_ADDRESS]: request.hostname,
        [ATTR_NETWORK_PROTOCOL_VERSION]: request.raw.httpVersion,
      });
      if (!method) span.setAttribute(ATTR_HTTP_REQUEST_METHOD_ORIGINAL, request.method);
      if (route) span.setAttribute(ATTR_HTTP_ROUTE, route);
      if (request.port) span.setAttribute(ATTR_SERVER_PORT, request.port);
    }
    const active = trace.setSpan(parent, span);
    const traced = request as TracedRequest;
    traced[SPAN] = span;
    traced[CONTEXT] = active;
    const spanContext = span.spanContext();
    if (isSpanContextValid(spanContext)) void reply.header('traceparent', formatTraceparent(spanContext));
    context.with(active, done);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    finish(request, reply.statusCode);
    done();
  });
  // The client went away before the answer: the span still ends, marked as such.
  fastify.addHook('onRequestAbort', (request, done) => {
    finish(request, undefined);
    done();
  });
}

function finish(request: TracedRequest, status: number | undefined): void {
  const span = request[SPAN];
  if (!span) return;
  request[SPAN] = undefined;
  if (span.isRecording()) {
    if (status === undefined) {
      span.setAttribute(ATTR_ERROR_TYPE, 'aborted');
    } else {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      if (status >= 500) {
        span.setAttribute(ATTR_ERROR_TYPE, String(status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
    }
  }
  span.end();
}

/**
 * The server span of a request (also after it ended), or `undefined` when the path is not traced
 * or tracing is off. Use it where the active context may not be the request's, e.g. in an
 * exception filter answering a body-parsing error.
 */
export function spanOfRequest(request: object): Span | undefined {
  const active = (request as TracedRequest)[CONTEXT];
  return active ? trace.getSpan(active) : undefined;
}

/** The context of a request's server span (see {@link spanOfRequest}). */
export function contextOfRequest(request: object): Context | undefined {
  return (request as TracedRequest)[CONTEXT];
}

/** A W3C `traceparent` header value: `00-<trace id>-<span id>-<01 sampled | 00>`. */
export function formatTraceparent(spanContext: SpanContext): string {
  const sampled = (spanContext.traceFlags & TraceFlags.SAMPLED) !== 0;
  return `00-${spanContext.traceId}-${spanContext.spanId}-${sampled ? '01' : '00'}`;
}

/**
 * `{trace_id, span_id}` of a span for a log line (the names OpenTelemetry's log data model
 * uses), or `{}` without a valid span.
 */
export function traceLogFields(span: Span | undefined): { trace_id?: string; span_id?: string } {
  const spanContext = span?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}
