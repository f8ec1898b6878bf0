import { SpanKind, context, propagation, trace } from '@opentelemetry/api';
import { ensureAsyncContext } from '@newsreel/shared-async-context';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import {
  activeTraceHeaders,
  businessAttributes,
  contextFromHeaders,
  startConsumerSpan,
  startProducerSpan,
} from './messaging-tracing';

describe('messaging tracing without an SDK', () => {
  it('is a no-op: no headers captured, stored headers passed through untouched', () => {
    expect(activeTraceHeaders()).toEqual({});
    const stored = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    const headers = { ...stored };
    const span = startProducerSpan({
      topic: 'like.created.v1',
      eventId: 'e1',
      key: null,
      headers,
      parent: contextFromHeaders(headers),
    });
    expect(span.isRecording()).toBe(false);
    span.end();
    expect(headers).toEqual(stored);
  });
});

describe('messaging tracing with an SDK', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  /** Spans ended so far (the processor exports asynchronously). */
  const finished = async () => {
    await provider.forceFlush();
    return exporter.getFinishedSpans();
  };

  beforeAll(() => {
    trace.setGlobalTracerProvider(provider);
    ensureAsyncContext();
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });

  afterAll(() => {
    trace.disable();
    propagation.disable();
  });

  beforeEach(() => exporter.reset());

  it('captures the active span as traceparent and nothing outside a span', () => {
    const request = trace.getTracer('test').startSpan('request');
    const headers = context.with(trace.setSpan(context.active(), request), activeTraceHeaders);
    request.end();
    const { traceId, spanId } = request.spanContext();
    expect(headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    expect(activeTraceHeaders()).toEqual({});
  });

  it('publishes in a PRODUCER span under the stored context and sends its own context on', async () => {
    const request = trace.getTracer('test').startSpan('request');
    const stored = context.with(trace.setSpan(context.active(), request), activeTraceHeaders);
    request.end();
    const headers: Record<string, string> = { 'event-id': 'e1', ...stored };

    const producer = startProducerSpan({
      topic: 'like.created.v1',
      eventId: 'e1',
      key: 'video-1',
      headers,
      parent: contextFromHeaders(headers),
    });
    producer.setAttributes(businessAttributes({ videoId: 'video-1', userId: 'user-1' }));
    producer.end();

    const [span] = (await finished()).filter((s) => s.kind === SpanKind.PRODUCER);
    expect(span.name).toBe('like.created.v1 publish');
    expect(span.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(span.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(span.attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'like.created.v1',
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
      'messaging.message.id': 'e1',
      'messaging.kafka.message.key': 'video-1',
      'video.id': 'video-1',
      'user.id': 'user-1',
    });
    // The message carries the producer span, so the consumer's span is its child.
    expect(headers.traceparent).toBe(
      `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`,
    );
  });

  it('processes in a CONSUMER span whose parent is the producer span of the headers', async () => {
    const producer = trace.getTracer('test').startSpan('like.created.v1 publish');
    const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), producer), headers);
    producer.end();

    const { span, context: handlerContext } = startConsumerSpan({
      topic: 'like.created.v1',
      partition: 2,
      offset: '41',
      groupId: 'push',
      eventId: 'e1',
      key: null,
      headers,
    });
    // The handler's own spans nest under the consumer span.
    context.with(handlerContext, () => trace.getTracer('test').startSpan('handler').end());
    span.end();

    const consumer = (await finished()).find((s) => s.kind === SpanKind.CONSUMER)!;
    const handler = (await finished()).find((s) => s.name === 'handler')!;
    expect(consumer.name).toBe('like.created.v1 process');
    expect(consumer.spanContext().traceId).toBe(producer.spanContext().traceId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(handler.parentSpanContext?.spanId).toBe(consumer.spanContext().spanId);
    expect(consumer.attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'like.created.v1',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'process',
      'messaging.consumer.group.name': 'push',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 41,
      'messaging.message.id': 'e1',
    });
  });

  it('starts a new trace for a message without trace headers', async () => {
    const { span } = startConsumerSpan({
      topic: 't.v1',
      partition: 0,
      offset: '0',
      groupId: 'g',
      eventId: '',
      key: null,
      headers: {},
    });
    span.end();
    const [consumer] = await finished();
    expect(consumer.parentSpanContext).toBeUndefined();
    expect(consumer.attributes['messaging.message.id']).toBeUndefined();
  });
});

describe('businessAttributes', () => {
  it('copies only the video and user ids, never other fields', () => {
    expect(
      businessAttributes({ videoId: 'v', userId: 'u', text: 'secret words', password: 'x' }),
    ).toEqual({ 'video.id': 'v', 'user.id': 'u' });
    expect(businessAttributes({ videoId: null, userId: 42 })).toEqual({});
    expect(businessAttributes('text')).toEqual({});
    expect(businessAttributes(null)).toEqual({});
  });
});
