import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Inject, Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type BrokerHandle, startBroker } from '@newsreel/kafka-broker';
import {
  PLATFORM_CONFIG,
  SERVICE_INFO,
  type ServiceInfo,
  platformConfigSchema,
} from '@newsreel/shared-config';
import { type EventPayload, defineEvent } from '@newsreel/shared-contracts';
import { HealthModule } from '@newsreel/shared-health';
import { LOGGER, createLogger } from '@newsreel/shared-logging';
import { MetricsModule, MetricsRegistry } from '@newsreel/shared-metrics';
import { PersistenceModule, TransactionRunner } from '@newsreel/shared-persistence';
import { freePort, waitFor } from '@newsreel/shared-testing';
import { SpanKind, SpanStatusCode, propagation, trace } from '@opentelemetry/api';
import { ensureAsyncContext } from '@newsreel/shared-async-context';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { EventContext, EventHandler } from './event-handler';
import { EventStream } from './event-stream';
import { MessagingModule } from './messaging.module';
import { MESSAGING_TRACER } from './messaging-tracing';
import { Outbox } from './outbox';
import { MESSAGING_PERSISTENCE } from './persistence/messaging-persistence';

// Trace context and metrics of the outbox -> relay -> Kafka -> consumer path, on the embedded
// broker and SQLite, with an in-memory OpenTelemetry SDK standing in for the tracing lib's.

const LikeAdded = defineEvent(
  'test.like-added',
  1,
  z.object({ videoId: z.string(), userId: z.string(), text: z.string() }),
);
const LikeNotified = defineEvent(
  'test.like-notified',
  1,
  z.object({ videoId: z.string(), userId: z.string() }),
);
const Shout = defineEvent('test.shout', 1, z.object({ videoId: z.string() }));

/** What the handlers saw: the span active when they ran, and follow-up event ids, by event id. */
const SEEN = Symbol('SEEN');
interface Seen {
  active: Map<string, string | undefined>;
  followUps: Map<string, string>;
}
const newSeen = (): Seen => ({ active: new Map(), followUps: new Map() });

@Injectable()
class NotifyHandler implements EventHandler<typeof LikeAdded> {
  constructor(@Inject(SEEN) private readonly seen: Seen) {}

  async handle(payload: EventPayload<typeof LikeAdded>, context: EventContext): Promise<void> {
    this.seen.active.set(context.eventId, trace.getActiveSpan()?.spanContext().spanId);
    if (payload.text === 'boom') throw new Error('boom');
    const followUp = await context.tx.publish(
      LikeNotified,
      { videoId: payload.videoId, userId: payload.userId },
      { key: payload.videoId },
    );
    this.seen.followUps.set(context.eventId, followUp);
  }
}

@Injectable()
class NotifiedHandler implements EventHandler<typeof LikeNotified> {
  constructor(@Inject(SEEN) private readonly seen: Seen) {}

  handle(_payload: EventPayload<typeof LikeNotified>, context: EventContext): Promise<void> {
    this.seen.active.set(context.eventId, trace.getActiveSpan()?.spanContext().spanId);
    return Promise.resolve();
  }
}

function appModule(brokers: string, dataDir: string, seen: Seen) {
  @Global()
  @Module({
    imports: [
      HealthModule.forRoot(),
      MetricsModule.forRoot({ service: 'push', instance: 'push-test', defaultMetrics: false }),
    ],
    providers: [
      {
        provide: PLATFORM_CONFIG,
        useValue: platformConfigSchema.parse({
          dataDir,
          instanceId: 'push-test',
          kafka: { brokers: [brokers] },
          log: { level: 'silent' },
        }),
      },
      { provide: SERVICE_INFO, useValue: { name: 'push', version: 'test' } satisfies ServiceInfo },
      {
        provide: LOGGER,
        useValue: createLogger({ service: 'push', instanceId: 'push-test', level: 'silent' }),
      },
    ],
    exports: [PLATFORM_CONFIG, SERVICE_INFO, LOGGER],
  })
  class FakePlatformModule {}

  @Module({
    imports: [
      FakePlatformModule,
      PersistenceModule.forService(MESSAGING_PERSISTENCE),
      MessagingModule.forService({
        subscriptions: [
          { event: LikeAdded, handler: NotifyHandler },
          { event: LikeNotified, handler: NotifiedHandler },
        ],
        retryDelaysMs: [10, 10],
      }),
    ],
    providers: [NotifyHandler, NotifiedHandler, { provide: SEEN, useValue: seen }],
  })
  class PushAppModule {}
  return PushAppModule;
}

/** The value of the sample `name` whose labels include `labels` (undefined when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}) {
  return samples(text, name, labels)[0];
}
function samples(text: string, name: string, labels: Record<string, string> = {}): number[] {
  const found: number[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-z_.]+)="([^"]*)"/g)].map(([, k, v]) => [k, v]),
    );
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) found.push(Number(match[3]));
  }
  return found;
}

describe('messaging observability with the embedded broker (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsreel-messaging-otel-'));
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const seen = newSeen();
  const seenOnKafka: KafkaMessage[] = [];
  let broker: BrokerHandle;
  let app: INestApplicationContext;
  let observer: ReturnType<Kafka['consumer']>;

  const spans = async () => {
    await provider.forceFlush();
    return exporter.getFinishedSpans();
  };
  const named = async (name: string) => (await spans()).filter((s) => s.name === name);
  const byEventId = (list: ReadableSpan[], eventId: string) =>
    list.find((s) => s.attributes['messaging.message.id'] === eventId);
  /** The ended span `name` of one event (spans end after the work they time, so wait). */
  const spanOf = (name: string, eventId: string) =>
    waitFor(async () => byEventId(await named(name), eventId), { what: `the span ${name}` });
  const scrape = () => app.get(MetricsRegistry).metrics();

  /** Adds a like event inside a "request" span, as an RPC handler would. */
  async function likeInRequest(text: string) {
    const tracer = trace.getTracer('test');
    return tracer.startActiveSpan('like request', async (request) => {
      const videoId = uuidv7();
      const eventId = await app
        .get(TransactionRunner)
        .run((manager) =>
          app
            .get(Outbox)
            .add(manager, LikeAdded, { videoId, userId: 'user-7', text }, { key: videoId }),
        );
      request.end();
      return { eventId, videoId, request: request.spanContext() };
    });
  }

  beforeAll(async () => {
    trace.setGlobalTracerProvider(provider);
    ensureAsyncContext();
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    broker = await startBroker({
      port: await freePort(),
      dataDir: join(dir, 'kafka'),
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    app = await NestFactory.createApplicationContext(
      appModule(broker.address, join(dir, 'data'), seen),
      { logger: false },
    );
    const kafka = new Kafka({ brokers: [broker.address], logLevel: logLevel.NOTHING });
    observer = kafka.consumer({ groupId: `observer-${uuidv7()}`, maxWaitTimeInMs: 500 });
    await observer.connect();
    await observer.subscribe({ topic: LikeAdded.topic, fromBeginning: true });
    await observer.run({
      eachMessage: ({ message }) => {
        seenOnKafka.push(message);
        return Promise.resolve();
      },
    });
  });

  afterAll(async () => {
    await observer?.disconnect();
    await app?.close();
    await broker?.stop();
    trace.disable();
    propagation.disable();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps one trace from the request through the relay, Kafka and the consumer to its follow-up event', async () => {
    const { eventId, videoId, request } = await likeInRequest('hello');
    const followUpId = await waitFor(() => seen.followUps.get(eventId), {
      what: 'the event to be handled',
    });
    await waitFor(() => seen.active.has(followUpId), { what: 'the follow-up event to be handled' });

    const publish = await spanOf('test.like-added.v1 publish', eventId);
    const process = await spanOf('test.like-added.v1 process', eventId);
    const followPublish = await spanOf('test.like-notified.v1 publish', followUpId);
    const followProcess = await spanOf('test.like-notified.v1 process', followUpId);

    // request -> publish -> process -> publish (follow-up) -> process
    expect(publish.kind).toBe(SpanKind.PRODUCER);
    expect(publish.parentSpanContext?.spanId).toBe(request.spanId);
    expect(process.kind).toBe(SpanKind.CONSUMER);
    expect(process.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
    expect(followPublish.parentSpanContext?.spanId).toBe(process.spanContext().spanId);
    expect(followProcess.parentSpanContext?.spanId).toBe(followPublish.spanContext().spanId);
    for (const span of [publish, process, followPublish, followProcess])
      expect(span.spanContext().traceId).toBe(request.traceId);
    // The handlers ran inside their consumer spans.
    expect(seen.active.get(eventId)).toBe(process.spanContext().spanId);
    expect(seen.active.get(followUpId)).toBe(followProcess.spanContext().spanId);

    expect(publish.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'test.like-added.v1',
      'messaging.operation.type': 'send',
      'messaging.message.id': eventId,
      'messaging.kafka.message.key': videoId,
      'video.id': videoId,
      'user.id': 'user-7',
    });
    expect(process.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'test.like-added.v1',
      'messaging.operation.type': 'process',
      'messaging.consumer.group.name': 'push',
      'messaging.message.id': eventId,
      'messaging.kafka.message.key': videoId,
      'video.id': videoId,
      'user.id': 'user-7',
    });
    expect(process.attributes['messaging.destination.partition.id']).toMatch(/^\d+$/);
    expect(typeof process.attributes['messaging.kafka.offset']).toBe('number');
    // Never the body.
    for (const span of [publish, process])
      expect(JSON.stringify(span.attributes)).not.toContain('hello');

    // On the wire: the traceparent header names the producer span.
    const onKafka = await waitFor(
      () => seenOnKafka.find((m) => m.headers?.['event-id']?.toString() === eventId),
      { what: 'the message on Kafka' },
    );
    expect(onKafka.headers?.traceparent?.toString()).toBe(
      `00-${request.traceId}-${publish.spanContext().spanId}-01`,
    );
  });

  it('records failed attempts on the consumer span and dead-letters in a producer span under it', async () => {
    const { eventId, request } = await likeInRequest('boom');
    const dlq = await spanOf('test.like-added.v1.dlq publish', eventId);
    const process = await spanOf('test.like-added.v1 process', eventId);
    expect(dlq.kind).toBe(SpanKind.PRODUCER);
    expect(dlq.parentSpanContext?.spanId).toBe(process.spanContext().spanId);
    expect(dlq.spanContext().traceId).toBe(request.traceId);
    expect(process.status.code).toBe(SpanStatusCode.ERROR);
    expect(process.status.message).toMatch(/^dead-lettered: Error: boom/);
    // One run plus two retries, each recorded.
    expect(process.events.filter((e) => e.name === 'exception')).toHaveLength(3);
  });

  it('runs EventStream handlers in consumer spans too', async () => {
    const handled: Array<string | undefined> = [];
    const subscription = await app.get(EventStream).subscribe({
      event: Shout,
      groupId: 'gateway-test',
      fromBeginning: true,
      handler: () => {
        handled.push(trace.getActiveSpan()?.spanContext().spanId);
      },
    });
    await subscription.joined;
    const { request } = await trace
      .getTracer('test')
      .startActiveSpan('shout request', async (span) => {
        await app
          .get(TransactionRunner)
          .run((manager) => app.get(Outbox).add(manager, Shout, { videoId: 'v-shout' }));
        span.end();
        return { request: span.spanContext() };
      });
    const process = await waitFor(async () => (await named('test.shout.v1 process'))[0], {
      what: 'the stream consumer span',
    });
    const [publish] = await named('test.shout.v1 publish');
    expect(handled).toHaveLength(1);
    expect(process.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
    expect(publish.parentSpanContext?.spanId).toBe(request.spanId);
    expect(handled[0]).toBe(process.spanContext().spanId);
    expect(process.attributes).toMatchObject({
      'messaging.consumer.group.name': 'gateway-test',
      'video.id': 'v-shout',
    });
    const text = await scrape();
    expect(
      sample(text, 'kafka_consumer_messages_total', {
        topic: Shout.topic,
        group: 'gateway-test',
        outcome: 'processed',
      }),
    ).toBe(1);
    await subscription.stop();
    // A stopped stream leaves no lag series behind.
    expect(samples(await scrape(), 'kafka_consumer_lag', { group: 'gateway-test' })).toEqual([]);
  });

  it('does not trace the relay polling: every messaging span belongs to a message', async () => {
    const ours = (await spans()).filter((s) => s.instrumentationScope.name === MESSAGING_TRACER);
    expect(ours.length).toBeGreaterThan(0);
    for (const span of ours) {
      expect([SpanKind.PRODUCER, SpanKind.CONSUMER]).toContain(span.kind);
      expect(span.attributes['messaging.message.id']).toBeTruthy();
      // Producer spans of outbox rows written in a request belong to that request's trace.
      if (span.kind === SpanKind.PRODUCER) expect(span.parentSpanContext).toBeDefined();
    }
  });

  it('exposes consumer counts, handler durations, lag back to 0, publishes and the backlog', async () => {
    const text = await waitFor(
      async () => {
        const scraped = await scrape();
        const lags = samples(scraped, 'kafka_consumer_lag', {
          topic: LikeAdded.topic,
          group: 'push',
        });
        return lags.length > 0 && lags.every((lag) => lag === 0) ? scraped : undefined;
      },
      { what: 'the lag of test.like-added.v1 to return to 0' },
    );
    const push = { topic: LikeAdded.topic, group: 'push', service: 'push', instance: 'push-test' };
    expect(
      sample(text, 'kafka_consumer_messages_total', { ...push, outcome: 'processed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'kafka_consumer_messages_total', { ...push, outcome: 'dead_lettered' }),
    ).toBe(1);
    expect(
      sample(text, 'kafka_consumer_handler_duration_seconds_count', {
        ...push,
        outcome: 'processed',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'kafka_consumer_handler_duration_seconds_bucket', {
        ...push,
        outcome: 'processed',
        le: '+Inf',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'outbox_published_total', { topic: LikeAdded.topic }),
    ).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'outbox_backlog')).toBe(0);
  });
});

describe('outbox backlog while Kafka is unreachable', () => {
  it('counts the unsent rows at scrape time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsreel-messaging-otel-'));
    const app = await NestFactory.createApplicationContext(
      appModule(`127.0.0.1:${await freePort()}`, dir, newSeen()),
      { logger: false },
    );
    try {
      const metrics = app.get(MetricsRegistry);
      expect(sample(await metrics.metrics(), 'outbox_backlog')).toBe(0);
      const tx = app.get(TransactionRunner);
      for (let i = 0; i < 3; i++) {
        await tx.run((manager) =>
          app.get(Outbox).add(manager, LikeAdded, { videoId: `v${i}`, userId: 'u', text: 'x' }),
        );
      }
      expect(sample(await metrics.metrics(), 'outbox_backlog')).toBe(3);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
