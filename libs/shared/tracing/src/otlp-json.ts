import { z } from 'zod';
import {
  STATUS_NAMES,
  type SpanKindName,
  type StoredAttributeValue,
  type StoredAttributes,
  type StoredSpan,
} from './stored-span';

/** An OTLP/HTTP JSON request that cannot be used; the message says what is wrong (a 400). */
export class OtlpRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpRequestError';
  }
}

/** Most spans one request may carry; the OpenTelemetry SDKs send batches of 512. */
export const MAX_SPANS_PER_REQUEST = 10_000;
/** Attributes kept per span, event or link (the SDK's default limit); the rest are dropped. */
const MAX_ATTRIBUTES = 128;
/** Longer string values are cut (a huge SQL text must not fill the store). */
const MAX_STRING = 4096;
const MAX_NAME = 1024;
const MAX_ITEMS = 128;

const TRACE_ID = /^[0-9a-fA-F]{32}$/;
const SPAN_ID = /^[0-9a-fA-F]{16}$/;

// OTLP/JSON encodes 64-bit integers (timestamps, intValue) as decimal strings; numbers are accepted too.
const uint64 = z.union([z.string().regex(/^\d{1,20}$/), z.number().nonnegative().finite()]);
const keyValue = z.object({ key: z.string().max(MAX_NAME), value: z.unknown().optional() });
const attributes = z.array(keyValue).max(10_000).optional();
const hexId = (pattern: RegExp, what: string) =>
  z
    .string()
    .regex(pattern, `${what} must be hex (OTLP/JSON encodes ids as hex strings)`)
    .refine((id) => !/^0+$/.test(id), `${what} must not be all zeros`);
// Enums are integers in OTLP/JSON; the proto3 JSON names (`SPAN_KIND_SERVER`) are accepted too.
const enumValue = z.union([z.number().int().min(0).max(5), z.string().max(64)]);

const span = z.object({
  traceId: hexId(TRACE_ID, 'traceId'),
  spanId: hexId(SPAN_ID, 'spanId'),
  parentSpanId: z.union([hexId(SPAN_ID, 'parentSpanId'), z.literal('')]).optional(),
  name: z.string(),
  kind: enumValue.optional(),
  startTimeUnixNano: uint64,
  endTimeUnixNano: uint64,
  attributes,
  status: z.object({ code: enumValue.optional(), message: z.string().optional() }).optional(),
  events: z
    .array(z.object({ name: z.string().optional(), timeUnixNano: uint64.optional(), attributes }))
    .max(10_000)
    .optional(),
  links: z
    .array(
      z.object({
        traceId: hexId(TRACE_ID, 'link traceId'),
        spanId: hexId(SPAN_ID, 'link spanId'),
        attributes,
      }),
    )
    .max(10_000)
    .optional(),
});

/**
 * `ExportTraceServiceRequest` in OTLP/JSON, as `@opentelemetry/exporter-trace-otlp-http` sends
 * it. Objects are not strict: OTLP adds fields over time and a receiver must ignore unknown ones.
 */
const exportRequest = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: z.object({ attributes }).optional(),
        scopeSpans: z.array(z.object({ spans: z.array(span).optional() })).optional(),
      }),
    )
    .optional(),
});

/**
 * Turns an OTLP/JSON `ExportTraceServiceRequest` (already `JSON.parse`d) into stored spans.
 * Throws {@link OtlpRequestError} naming the first problem when the request is malformed
 * (wrong types, ids that are not hex, more than {@link MAX_SPANS_PER_REQUEST} spans); attribute
 * values it cannot represent are skipped and long strings are cut, as an SDK's limits would.
 */
export function parseOtlpTraceRequest(body: unknown): StoredSpan[] {
  const parsed = exportRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
    throw new OtlpRequestError(`Invalid OTLP trace request: ${where}${issue.message}`);
  }
  const spans: StoredSpan[] = [];
  for (const resourceSpans of parsed.data.resourceSpans ?? []) {
    const resource = toAttributes(resourceSpans.resource?.attributes);
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : '';
    const instance = resource['service.instance.id'];
    for (const scope of resourceSpans.scopeSpans ?? []) {
      for (const raw of scope.spans ?? []) {
        if (spans.length >= MAX_SPANS_PER_REQUEST) {
          throw new OtlpRequestError(
            `Invalid OTLP trace request: more than ${MAX_SPANS_PER_REQUEST} spans`,
          );
        }
        spans.push(toStoredSpan(raw, service || 'unknown_service', instance));
      }
    }
  }
  return spans;
}

function toStoredSpan(
  raw: z.output<typeof span>,
  service: string,
  instance: StoredAttributeValue | undefined,
): StoredSpan {
  const start = nanosToMs(raw.startTimeUnixNano);
  const end = nanosToMs(raw.endTimeUnixNano);
  const statusMessage = raw.status?.message;
  return {
    traceId: raw.traceId.toLowerCase(),
    spanId: raw.spanId.toLowerCase(),
    ...(raw.parentSpanId ? { parentSpanId: raw.parentSpanId.toLowerCase() } : {}),
    name: cut(raw.name, MAX_NAME),
    kind: kindOf(raw.kind),
    service: cut(service, MAX_NAME),
    ...(typeof instance === 'string' ? { serviceInstanceId: cut(instance, MAX_NAME) } : {}),
    startTimeMs: start,
    // A clock that went backwards between start and end must not yield a negative duration.
    durationMs: Math.max(0, end - start),
    status: {
      code: statusOf(raw.status?.code),
      ...(statusMessage ? { message: cut(statusMessage, MAX_STRING) } : {}),
    },
    attributes: toAttributes(raw.attributes),
    events: (raw.events ?? []).slice(0, MAX_ITEMS).map((event) => ({
      name: cut(event.name ?? '', MAX_NAME),
      timeMs: event.timeUnixNano === undefined ? start : nanosToMs(event.timeUnixNano),
      attributes: toAttributes(event.attributes),
    })),
    links: (raw.links ?? []).slice(0, MAX_ITEMS).map((link) => ({
      traceId: link.traceId.toLowerCase(),
      spanId: link.spanId.toLowerCase(),
      attributes: toAttributes(link.attributes),
    })),
  };
}

const KINDS: readonly SpanKindName[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

function kindOf(value: number | string | undefined): SpanKindName {
  if (typeof value === 'number') return KINDS[value] ?? 'unspecified';
  const name = value?.replace(/^SPAN_KIND_/, '').toLowerCase();
  return KINDS.find((k) => k === name) ?? 'unspecified';
}

function statusOf(value: number | string | undefined): StoredSpan['status']['code'] {
  if (typeof value === 'number') return STATUS_NAMES[value] ?? 'unset';
  const name = value?.replace(/^STATUS_CODE_/, '').toLowerCase();
  return STATUS_NAMES.find((s) => s === name) ?? 'unset';
}

function nanosToMs(value: string | number): number {
  if (typeof value === 'number') return value / 1e6;
  // Nanoseconds since 1970 do not fit a double exactly: split off the microseconds first.
  const nanos = BigInt(value);
  return Number(nanos / 1000n) / 1000;
}

function cut(value: string, max: number): string {
  return value.length > max ? value.slice(0, max) : value;
}

function toAttributes(list: Array<{ key: string; value?: unknown }> | undefined): StoredAttributes {
  const out: StoredAttributes = {};
  if (!list) return out;
  let count = 0;
  for (const { key, value } of list) {
    if (count >= MAX_ATTRIBUTES) break;
    const converted = toValue(value, true);
    if (converted === undefined || converted === null) continue;
    out[key] = converted;
    count++;
  }
  return out;
}

/**
 * One OTLP `AnyValue`. Arrays of primitives stay arrays (nested structures in them become null);
 * a key-value list is kept as its JSON text. Recursion stops at depth one, whatever the input.
 */
function toValue(value: unknown, top: boolean): StoredAttributeValue | null | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.stringValue === 'string') return cut(v.stringValue, MAX_STRING);
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  if (v.intValue !== undefined) {
    const n = typeof v.intValue === 'string' ? Number(v.intValue) : v.intValue;
    return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
  }
  if (v.doubleValue !== undefined) {
    const n = typeof v.doubleValue === 'string' ? Number(v.doubleValue) : v.doubleValue;
    return typeof n === 'number' && !Number.isNaN(n) ? n : undefined;
  }
  if (typeof v.bytesValue === 'string') return cut(v.bytesValue, MAX_STRING);
  if (top && typeof v.arrayValue === 'object' && v.arrayValue !== null) {
    const values = (v.arrayValue as { values?: unknown }).values;
    if (!Array.isArray(values)) return [];
    return values.slice(0, MAX_ITEMS).map((item) => {
      const converted = toValue(item, false);
      return Array.isArray(converted) || converted === undefined ? null : converted;
    });
  }
  // Inside an array, nested structures become null; at the top, a key-value list is kept as
  // its JSON text (if it can be written at all: stringify recurses too).
  if (!top || typeof v.kvlistValue !== 'object' || v.kvlistValue === null) return undefined;
  try {
    return cut(JSON.stringify(v.kvlistValue), MAX_STRING);
  } catch {
    return undefined;
  }
}
