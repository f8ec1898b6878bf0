import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';

/**
 * Tracing of Kafka messages with `@opentelemetry/api` only: without a registered SDK every call
 * here is a no-op (the tracing lib registers the SDK, tracer provider and W3C propagator).
 *
 * The messaging attributes are still "incubating" in `@opentelemetry/semantic-conventions`, whose
 * advice is to copy such names rather than import them; these are the names of semconv 1.27+.
 */
export const MESSAGING_ATTRIBUTES = {
  system: 'messaging.system',
  destination: 'messaging.destination.name',
  partition: 'messaging.destination.partition.id',
  operationType: 'messaging.operation.type',
  operationName: 'messaging.operation.name',
  messageId: 'messaging.message.id',
  key: 'messaging.kafka.message.key',
  offset: 'messaging.kafka.offset',
  consumerGroup: 'messaging.consumer.group.name',
} as const;

/** The tracer's name (the instrumentation scope shown by trace backends). */
export const MESSAGING_TRACER = '@newsreel/shared-messaging';

/**
 * Payload fields copied onto spans as business ids. Only ids: a body is never recorded (it may
 * hold text a user wrote), and ids are what someone searching traces for a video or user types.
 */
const BUSINESS_IDS: ReadonlyArray<[field: string, attribute: string]> = [
  ['videoId', 'video.id'],
  ['userId', 'user.id'],
];

/** The W3C trace context of the active span as headers (`traceparent`, `tracestate`); `{}` when none. */
export function activeTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** `video.id` and `user.id` of a payload that has string `videoId` / `userId` fields. */
export function businessAttributes(payload: unknown): Attributes {
  const attributes: Attributes = {};
  if (typeof payload !== 'object' || payload === null) return attributes;
  const record = payload as Record<string, unknown>;
  for (const [field, attribute] of BUSINESS_IDS) {
    const value = record[field];
    if (typeof value === 'string' && value.length > 0) attributes[attribute] = value;
  }
  return attributes;
}

/** What a PRODUCER span describes: one message to one topic. */
export interface ProducedMessage {
  topic: string;
  /** The `event-id` header. */
  eventId: string;
  key: string | null;
  /** Headers to send; the span's trace context is written into them (`traceparent`...). */
  headers: Record<string, string>;
  /** The context the span belongs to (restored from the outbox row, or the consume span). */
  parent: Context;
  /** Parsed payload, read for business ids only. */
  payload?: unknown;
}

/**
 * Starts the PRODUCER span `<topic> publish` of one message as a child of `message.parent`, and
 * writes its context into `message.headers`, so the consumer's span becomes its child. The
 * caller ends the span when the broker has answered (see {@link endSpan}).
 *
 * When no SDK is registered the span is a no-op and the headers keep what they had (for an
 * outbox row: the trace context of the request that wrote it), so the trace still connects.
 */
export function startProducerSpan(message: ProducedMessage): Span {
  const span = trace.getTracer(MESSAGING_TRACER).startSpan(
    `${message.topic} publish`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        [MESSAGING_ATTRIBUTES.system]: 'kafka',
        [MESSAGING_ATTRIBUTES.destination]: message.topic,
        [MESSAGING_ATTRIBUTES.operationType]: 'send',
        [MESSAGING_ATTRIBUTES.operationName]: 'send',
        [MESSAGING_ATTRIBUTES.messageId]: message.eventId,
        ...(message.key === null ? {} : { [MESSAGING_ATTRIBUTES.key]: message.key }),
        ...businessAttributes(message.payload),
      },
    },
    message.parent,
  );
  propagation.inject(trace.setSpan(message.parent, span), message.headers);
  return span;
}

/** The context a message's headers carry (its producer span), or the root context. */
export function contextFromHeaders(headers: Record<string, string>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** What a CONSUMER span describes: one delivered message. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  groupId: string;
  eventId: string;
  key: string | null;
  headers: Record<string, string>;
}

/**
 * Starts the CONSUMER span `<topic> process` of one delivered message, as a child of the
 * producer span its headers carry (one trace from the request that caused the event to the
 * work it causes). Returns the span and the context to run the handler in.
 */
export function startConsumerSpan(message: ConsumedMessage): { span: Span; context: Context } {
  const parent = contextFromHeaders(message.headers);
  const span = trace.getTracer(MESSAGING_TRACER).startSpan(
    `${message.topic} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        [MESSAGING_ATTRIBUTES.system]: 'kafka',
        [MESSAGING_ATTRIBUTES.destination]: message.topic,
        [MESSAGING_ATTRIBUTES.operationType]: 'process',
        [MESSAGING_ATTRIBUTES.operationName]: 'process',
        [MESSAGING_ATTRIBUTES.consumerGroup]: message.groupId,
        [MESSAGING_ATTRIBUTES.partition]: String(message.partition),
        [MESSAGING_ATTRIBUTES.offset]: Number(message.offset),
        ...(message.eventId ? { [MESSAGING_ATTRIBUTES.messageId]: message.eventId } : {}),
        ...(message.key === null ? {} : { [MESSAGING_ATTRIBUTES.key]: message.key }),
      },
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/** Records `error` as an `exception` event of `span` (the span stays open). */
export function recordError(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
}

/** Ends a span; with `error`, records it and marks the span failed. */
export function endSpan(span: Span, error?: unknown, message?: string): void {
  if (error !== undefined) {
    recordError(span, error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: message ?? errorText(error) });
  }
  span.end();
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
