import { Inject, Injectable } from '@nestjs/common';
import { type Kafka, Partitioners, type Producer, type TopicMessages } from 'kafkajs';
import { KAFKA } from './messaging.tokens';

/**
 * The process's one kafkajs producer, shared by the outbox relay and the dead-letter path,
 * connected on first use. Every send waits for `acks: -1` (all in-sync replicas): an event the
 * relay marks as sent is durable in Kafka. Not idempotent and not transactional: the embedded
 * broker supports neither, and the outbox plus idempotent consumers make duplicates harmless.
 */
const PRODUCER_RETRY = { initialRetryTime: 100, maxRetryTime: 300, retries: 1 };

@Injectable()
export class KafkaPublisher {
  private connecting: Promise<Producer> | undefined;
  private connected: Producer | undefined;
  private closed = false;

  constructor(@Inject(KAFKA) private readonly kafka: Kafka) {}

  /** Sends messages of one or more topics in one request per broker; order kept per partition. */
  async send(topicMessages: TopicMessages[]): Promise<void> {
    const producer = await this.connect();
    await producer.sendBatch({ topicMessages, acks: -1 });
  }

  /** Connects now (start-up), so the first event does not pay for it; failures are ignored. */
  warmUp(): void {
    this.connect().catch(() => undefined);
  }

  /** Disconnects; later sends fail. */
  async close(): Promise<void> {
    this.closed = true;
    const { connecting, connected } = this;
    this.connecting = undefined;
    this.connected = undefined;
    if (connected) await connected.disconnect().catch(() => undefined);
    // A connect still trying (Kafka is down) is not waited for: shutdown must not hang on it.
    else connecting?.then((producer) => producer.disconnect()).catch(() => undefined);
  }

  private connect(): Promise<Producer> {
    if (this.closed)
      return Promise.reject(new Error('The Kafka producer is closed (shutting down)'));
    if (!this.connecting) {
      const producer = this.kafka.producer({
        // Java-compatible (murmur2) partitioning, as Apache Kafka clients in other languages use;
        // naming it also silences kafkajs' warning about its changed default.
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: true,
        // Fail a send within about a second when Kafka is gone (kafkajs nests this policy in its
        // connect and send loops, so it multiplies): the relay keeps the rows and retries with
        // its own backoff, and a dead letter is redelivered by the consumer.
        retry: PRODUCER_RETRY,
      });
      // A producer kafkajs disconnected on its own refuses every later send: start afresh.
      producer.on(producer.events.DISCONNECT, () => {
        if (this.connecting !== attempt) return;
        this.connecting = undefined;
        this.connected = undefined;
      });
      const attempt: Promise<Producer> = producer.connect().then(
        () => {
          if (this.connecting === attempt) this.connected = producer;
          return producer;
        },
        (error: unknown) => {
          if (this.connecting === attempt) this.connecting = undefined;
          throw error;
        },
      );
      this.connecting = attempt;
    }
    return this.connecting;
  }
}
