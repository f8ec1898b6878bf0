import { type BeforeApplicationShutdown, Inject, Injectable, Optional } from '@nestjs/common';
import { EVENT_HEADERS, type EventDefinition, type EventPayload } from '@newsreel/shared-contracts';
import { ReadinessRegistry } from '@newsreel/shared-health';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import { SpanStatusCode } from '@opentelemetry/api';
import type { EachMessagePayload, Kafka } from 'kafkajs';
import { type ConsumedMessageContext, ConsumerInstrumentation } from './consumer-instrumentation';
import { type ConsumeOutcome, MessagingMetrics } from './messaging-metrics';
import { MessagingStats } from './messaging-stats';
import { businessAttributes, recordError } from './messaging-tracing';
import { KAFKA } from './messaging.tokens';
import { ResilientConsumer } from './resilient-consumer';

/** What a stream handler gets besides the payload. */
export interface EventStreamMeta {
  /** The `event-id` header ('' when the producer sent none). */
  eventId: string;
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
}

/** Options of {@link EventStream.subscribe}. */
export interface EventStreamOptions<E extends EventDefinition> {
  event: E;
  /**
   * Consumer group: instances sharing it split the partitions; give each instance its own
   * (e.g. `gateway-<instanceId>`) so every instance receives every message.
   */
  groupId: string;
  /** A new group starts at the beginning of the topic instead of its end (default false). */
  fromBeginning?: boolean;
  /**
   * Names a readiness check that is down ("not yet subscribed to <event>") until the consumer
   * has joined its group: for a process that would miss messages, or act on stale state, before.
   */
  readiness?: string;
  handler: (payload: EventPayload<E>, meta: EventStreamMeta) => Promise<void> | void;
}

/** A running {@link EventStream} subscription. */
export interface EventStreamSubscription {
  /** Stops consuming (leaves the group). */
  stop(): Promise<void>;
  /** Resolves once the consumer has joined its group (subscribe does not wait for it). */
  joined: Promise<void>;
}

/**
 * Stateless consumers: no database, no inbox, no dead-letter queue. For things like the gateway
 * forwarding notifications to open connections, where a lost or repeated message costs little
 * and the handler keeps no state. Invalid payloads and handler errors are logged and skipped.
 * Handlers run in a CONSUMER span `<topic> process`, child of the producer's span, and count in
 * the consumer metrics like the inbox consumer's messages.
 */
@Injectable()
export class EventStream implements BeforeApplicationShutdown {
  private readonly running = new Set<ResilientConsumer>();

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly stats: MessagingStats,
    private readonly metrics: MessagingMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() private readonly readiness?: ReadinessRegistry,
  ) {}

  /**
   * Starts consuming `event` in the background (start-up is not held up by Kafka or the group
   * join) and returns at once.
   */
  subscribe<E extends EventDefinition>(
    options: EventStreamOptions<E>,
  ): Promise<EventStreamSubscription> {
    const { event, groupId, handler } = options;
    const consumer = new ResilientConsumer(this.kafka, {
      groupId,
      topics: [event.topic],
      fromBeginning: options.fromBeginning ?? false,
      eachMessage: (payload, message) => this.deliver(event, handler, payload, message),
      instrumentation: new ConsumerInstrumentation(groupId, this.metrics),
      logger: this.logger,
    });
    this.running.add(consumer);
    if (options.readiness) {
      let joined = false;
      void consumer.joined.then(() => (joined = true));
      this.readiness?.register(options.readiness, () =>
        Promise.resolve(
          joined ? { up: true } : { up: false, reason: `not yet subscribed to ${event.name}` },
        ),
      );
    }
    consumer.start();
    return Promise.resolve({
      joined: consumer.joined,
      stop: async () => {
        this.running.delete(consumer);
        await consumer.stop();
      },
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    const consumers = [...this.running];
    this.running.clear();
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  }

  private async deliver<E extends EventDefinition>(
    event: E,
    handler: EventStreamOptions<E>['handler'],
    { topic, partition, message }: EachMessagePayload,
    { span, headers }: ConsumedMessageContext,
  ): Promise<ConsumeOutcome> {
    this.stats.increment('consumed');
    const meta: EventStreamMeta = {
      eventId: headers[EVENT_HEADERS.eventId] ?? '',
      topic,
      partition,
      offset: message.offset,
      headers,
    };
    let payload: EventPayload<E>;
    try {
      payload = event.schema.parse(
        JSON.parse(message.value?.toString('utf8') ?? 'null'),
      ) as EventPayload<E>;
    } catch (error) {
      this.logger.warn(
        { err: error, topic, eventId: meta.eventId, offset: meta.offset },
        'invalid event skipped',
      );
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'invalid event skipped' });
      return 'skipped';
    }
    span.setAttributes(businessAttributes(payload));
    try {
      await handler(payload, meta);
      return 'processed';
    } catch (error) {
      recordError(span, error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'handler failed; skipped' });
      this.logger.error(
        { err: error, topic, eventId: meta.eventId },
        'event stream handler failed; skipped',
      );
      return 'skipped';
    }
  }
}
