import type { Logger } from '@newsreel/shared-logging';
import type { Consumer, EachMessageHandler, Kafka } from 'kafkajs';
import type { ConsumerInstrumentation, InstrumentedHandler } from './consumer-instrumentation';
import { KAFKA_CONSUMER_RETRY } from './kafka';

/** Options of {@link ResilientConsumer}. */
export interface ResilientConsumerOptions {
  groupId: string;
  topics: readonly string[];
  fromBeginning: boolean;
  /** Runs in the message's CONSUMER span; the outcome goes to the metrics. */
  eachMessage: InstrumentedHandler;
  /** Tracing, metrics and lag of this group. */
  instrumentation: ConsumerInstrumentation;
  logger: Logger;
}

/**
 * A kafkajs consumer that keeps consuming whatever happens to the broker: started in the
 * background (a service's start-up never waits for Kafka or a group join), retried until the
 * first connect succeeds, restarted by kafkajs after retriable crashes and by this class after
 * the others. {@link stop} ends all of it.
 */
export class ResilientConsumer {
  private consumer: Consumer | undefined;
  private stopped = false;
  private started = false;
  private wake: (() => void) | undefined;
  private resolveJoined!: () => void;
  /** Resolves when the consumer first joins its group (and has partitions to fetch from). */
  readonly joined = new Promise<void>((resolve) => (this.resolveJoined = resolve));

  private readonly eachMessage: EachMessageHandler;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: ResilientConsumerOptions,
  ) {
    this.eachMessage = options.instrumentation.eachMessage(options.eachMessage);
  }

  /** Starts consuming in the background. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.launch();
  }

  /** Finishes the message in progress, leaves the group and disconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    // Not waiting for a connect attempt in progress (kafkajs may retry it for seconds): the
    // start loop notices `stopped` after it and disconnects that consumer itself.
    await this.consumer?.disconnect().catch(() => undefined);
    this.options.instrumentation.detach();
  }

  private launch(): void {
    this.startLoop().catch((error: unknown) =>
      this.options.logger.error(
        { err: error, groupId: this.options.groupId },
        'consumer failed to start',
      ),
    );
  }

  private async startLoop(): Promise<void> {
    const { groupId, topics, logger } = this.options;
    let backoffMs = 200;
    let warned = false;
    while (!this.stopped) {
      const consumer = this.create();
      this.consumer = consumer;
      try {
        await consumer.connect();
        if (this.stopped) break;
        await consumer.subscribe({
          topics: [...topics],
          fromBeginning: this.options.fromBeginning,
        });
        if (this.stopped) break;
        // `run` resolves once the group is joined; nobody waits for that here.
        consumer
          .run({ eachMessage: this.eachMessage })
          .catch((error: unknown) =>
            logger.error({ err: error, groupId }, 'consumer failed to run'),
          );
        return;
      } catch (error) {
        if (!warned)
          logger.warn({ err: error, groupId, topics }, 'consumer cannot reach Kafka yet; retrying');
        warned = true;
        await consumer.disconnect().catch(() => undefined);
        await this.sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 2000);
      }
    }
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private create(): Consumer {
    const { groupId, topics, logger } = this.options;
    const consumer = this.kafka.consumer({
      groupId,
      // kafkajs restarts a consumer after retriable crashes; stop that once we are stopping.
      retry: { ...KAFKA_CONSUMER_RETRY, restartOnFailure: () => Promise.resolve(!this.stopped) },
      // Long-poll fetches wait at most this long (the broker answers at once when data
      // arrives); shorter than kafkajs' 5 s so shutdown and rebalances are not held up by it.
      maxWaitTimeInMs: 1000,
    });
    this.options.instrumentation.attach(consumer);
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      logger.info({ groupId, topics, memberId: payload.memberId }, 'consumer joined its group');
      this.resolveJoined();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.stopped || this.consumer !== consumer) return;
      // kafkajs gave up on this consumer (a non-retriable error): start a fresh one.
      logger.error({ err: payload.error, groupId }, 'consumer crashed; starting a new one');
      this.launch();
    });
    return consumer;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
