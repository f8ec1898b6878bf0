import { EVENT_HEADERS } from '@newsreel/shared-contracts';
import { type Span, context } from '@opentelemetry/api';
import type { Consumer, EachMessageHandler, EachMessagePayload } from 'kafkajs';
import { decodeHeaders } from './kafka-headers';
import type { ConsumeOutcome, MessagingMetrics } from './messaging-metrics';
import { endSpan, startConsumerSpan } from './messaging-tracing';

/** What an instrumented handler gets besides the kafkajs payload. */
export interface ConsumedMessageContext {
  /** The message's CONSUMER span (already active; add attributes, record errors on it). */
  span: Span;
  /** The message's headers as strings. */
  headers: Record<string, string>;
}

/** A message handler that says how the message ended (see {@link ConsumeOutcome}). */
export type InstrumentedHandler = (
  payload: EachMessagePayload,
  message: ConsumedMessageContext,
) => Promise<ConsumeOutcome>;

/**
 * Tracing and metrics of one consumer group's messages, shared by the inbox consumer and the
 * event streams:
 *
 * - each message runs in a CONSUMER span `<topic> process`, a child of the producer span its
 *   `traceparent` header names, with the handler's own work (database, follow-up events) inside;
 * - `kafka_consumer_messages_total` and `kafka_consumer_handler_duration_seconds` by outcome;
 * - `kafka_consumer_lag`: kafkajs announces each fetched batch with the partition's high
 *   watermark (`consumer.batch.start`), so the lag is `highWatermark - next offset to process`,
 *   updated after every message at no cost (no admin requests). It is the lag as of the last
 *   fetch: a consumer that stopped fetching keeps showing its last value, and series of
 *   partitions the group no longer reads are dropped at each rebalance and at stop.
 */
export class ConsumerInstrumentation {
  /** `topic\0partition` -> high watermark of the batch being processed. */
  private readonly highWatermarks = new Map<string, number>();

  constructor(
    private readonly groupId: string,
    private readonly metrics: MessagingMetrics,
  ) {}

  /** Wraps `handle` into a kafkajs `eachMessage` with a span, metrics and lag. */
  eachMessage(handle: InstrumentedHandler): EachMessageHandler {
    return async (payload) => {
      const { topic, partition, message } = payload;
      const headers = decodeHeaders(message.headers);
      const { span, context: spanContext } = startConsumerSpan({
        topic,
        partition,
        offset: message.offset,
        groupId: this.groupId,
        eventId: headers[EVENT_HEADERS.eventId] ?? '',
        key: message.key?.toString('utf8') ?? null,
        headers,
      });
      const started = performance.now();
      let outcome: ConsumeOutcome = 'failed';
      try {
        outcome = await context.with(spanContext, () => handle(payload, { span, headers }));
        span.end();
      } catch (error) {
        // kafkajs does not commit the message and delivers it again.
        endSpan(span, error);
        throw error;
      } finally {
        this.metrics.observeConsumed(
          topic,
          this.groupId,
          outcome,
          (performance.now() - started) / 1000,
        );
      }
      const highWatermark = this.highWatermarks.get(partitionKey(topic, partition));
      if (highWatermark !== undefined) {
        this.metrics.setLag(
          topic,
          partition,
          this.groupId,
          highWatermark - Number(message.offset) - 1,
        );
      }
    };
  }

  /** Follows a kafkajs consumer's batch and rebalance events (call once per consumer). */
  attach(consumer: Consumer): void {
    consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload }) => {
      const highWatermark = Number(payload.highWatermark);
      this.highWatermarks.set(partitionKey(payload.topic, payload.partition), highWatermark);
      // Everything from the batch's first message on is still to be processed.
      // Typed as a string, but null for a batch holding only filtered records.
      if (payload.firstOffset) {
        const first = Number(payload.firstOffset);
        this.metrics.setLag(payload.topic, payload.partition, this.groupId, highWatermark - first);
      }
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      this.metrics.setLag(
        payload.topic,
        payload.partition,
        this.groupId,
        Number(payload.offsetLag),
      );
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const assigned = new Set<string>();
      for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
        for (const partition of partitions) assigned.add(partitionKey(topic, partition));
      }
      for (const key of [...this.highWatermarks.keys()]) {
        if (!assigned.has(key)) this.forget(key);
      }
    });
  }

  /** Drops every lag series of this group (the consumer stopped). */
  detach(): void {
    for (const key of [...this.highWatermarks.keys()]) this.forget(key);
  }

  private forget(key: string): void {
    this.highWatermarks.delete(key);
    const [topic, partition] = key.split('\0');
    this.metrics.removeLag(topic, Number(partition), this.groupId);
  }
}

function partitionKey(topic: string, partition: number): string {
  return `${topic}\0${partition}`;
}
