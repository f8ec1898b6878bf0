import { type HrTime, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/** Span kinds by name, as the trace store shows them. */
export type SpanKindName = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** A span attribute value as stored: primitives, or flat arrays of them. */
export type StoredAttributeValue = string | number | boolean | Array<string | number | boolean | null>;

/** Attributes of a span, event or link. */
export type StoredAttributes = Record<string, StoredAttributeValue>;

/** One finished span as the embedded trace store keeps it, whichever process recorded it. */
export interface StoredSpan {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  /** Absent for a root span. */
  parentSpanId?: string;
  name: string;
  kind: SpanKindName;
  /** `service.name` of the process that recorded it. */
  service: string;
  /** `service.instance.id` of that process, when it reported one. */
  serviceInstanceId?: string;
  /** Start, epoch milliseconds (fractional: microsecond precision). */
  startTimeMs: number;
  durationMs: number;
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
  attributes: StoredAttributes;
  events: Array<{ name: string; timeMs: number; attributes: StoredAttributes }>;
  /** Spans this one is linked to (a Kafka consumer span to its producer span, say). */
  links: Array<{ traceId: string; spanId: string; attributes: StoredAttributes }>;
}

/** API `SpanKind` (INTERNAL = 0 ... CONSUMER = 4) by name. */
const KIND_NAMES: Record<SpanKind, SpanKindName> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

/** Status names by code; OTLP and the API share the numbers (0 unset, 1 ok, 2 error). */
export const STATUS_NAMES = ['unset', 'ok', 'error'] as const;

/** Epoch milliseconds of an `HrTime` ([seconds, nanoseconds]). */
export function hrTimeToMs(time: HrTime): number {
  return time[0] * 1000 + time[1] / 1e6;
}

/** The stored form of a span this process recorded (what the gateway writes into its own store). */
export function fromReadableSpan(span: ReadableSpan): StoredSpan {
  const context = span.spanContext();
  const resource = span.resource.attributes;
  const instance = resource['service.instance.id'];
  const status = span.status.code === SpanStatusCode.UNSET ? 'unset' : STATUS_NAMES[span.status.code];
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    ...(span.parentSpanContext?.spanId ? { parentSpanId: span.parentSpanContext.spanId } : {}),
    name: span.name,
    kind: KIND_NAMES[span.kind] ?? 'unspecified',
    service: stringOr(resource['service.name'], 'unknown_service'),
    ...(typeof instance === 'string' ? { serviceInstanceId: instance } : {}),
    startTimeMs: hrTimeToMs(span.startTime),
    durationMs: hrTimeToMs(span.duration),
    status: {
      code: status,
      ...(span.status.message ? { message: span.status.message } : {}),
    },
    attributes: copyAttributes(span.attributes),
    events: span.events.map((event) => ({
      name: event.name,
      timeMs: hrTimeToMs(event.time),
      attributes: copyAttributes(event.attributes ?? {}),
    })),
    links: span.links.map((link) => ({
      traceId: link.context.traceId,
      spanId: link.context.spanId,
      attributes: copyAttributes(link.attributes ?? {}),
    })),
  };
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value ? value : fallback;
}

function copyAttributes(attributes: Readonly<Record<string, unknown>>): StoredAttributes {
  const out: StoredAttributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[key] = value;
    } else if (Array.isArray(value)) {
      out[key] = value.map((v: unknown) =>
        typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null,
      );
    }
  }
  return out;
}
