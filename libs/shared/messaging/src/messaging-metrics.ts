import { Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import { MetricsRegistry } from '@newsreel/shared-metrics';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { MessagingStats } from './messaging-stats';

/**
 * How a consumed message ended, the `outcome` label of the consumer metrics:
 * - `processed`: the handler succeeded (and, for the inbox, its writes committed);
 * - `duplicate`: the inbox already had the event, the handler was skipped;
 * - `dead_lettered`: invalid, or the handler kept failing: sent to `<topic>.dlq`;
 * - `skipped`: an `EventStream` message that was invalid or whose handler threw (logged, dropped);
 * - `failed`: not even dead-lettering worked; kafkajs delivers the message again later.
 */
export type ConsumeOutcome = 'processed' | 'duplicate' | 'dead_lettered' | 'skipped' | 'failed';

/** Longest a scrape waits for the outbox backlog count before reporting it unknown (NaN). */
const BACKLOG_READ_TIMEOUT_MS = 2000;

/**
 * Prometheus metrics of the messaging lib, in the process's `MetricsRegistry` (served at
 * `/metrics`), or in a private registry when there is none (tests, tools):
 *
 * - `kafka_consumer_messages_total{topic,group,outcome}` and the histogram
 *   `kafka_consumer_handler_duration_seconds{topic,group,outcome}` (one message, retries included);
 * - `kafka_consumer_lag{topic,partition,group}`: messages between the group's position and the
 *   partition's end, as of this consumer's last fetch;
 * - `outbox_published_total{topic}`, `outbox_publish_failures_total{topic}`;
 * - `outbox_backlog`: unsent outbox rows, counted at each scrape (services with an outbox only);
 * - `messaging_stats{stat=...}`: the {@link MessagingStats} counters (kept for dashboards that
 *   used them before the labelled series existed).
 */
@Injectable()
export class MessagingMetrics implements OnModuleInit {
  /** Where the series live: the process's registry, or a private one without it. */
  readonly registry: Registry;
  private readonly lag: Gauge<'topic' | 'partition' | 'group'>;
  private readonly handlerDuration: Histogram<'topic' | 'group' | 'outcome'>;
  private readonly messages: Counter<'topic' | 'group' | 'outcome'>;
  private readonly published: Counter<'topic'>;
  private readonly publishFailures: Counter<'topic'>;
  private backlogGauge: Gauge | undefined;
  private readBacklog: (() => Promise<number>) | undefined;

  constructor(
    private readonly stats: MessagingStats,
    @Optional() private readonly metrics?: MetricsRegistry,
  ) {
    this.registry = metrics?.registry ?? new Registry();
    const registers = [this.registry];
    this.lag = new Gauge({
      name: 'kafka_consumer_lag',
      help: 'Messages between the consumer group position and the end of the partition, as of the last fetch.',
      labelNames: ['topic', 'partition', 'group'],
      registers,
    });
    this.handlerDuration = new Histogram({
      name: 'kafka_consumer_handler_duration_seconds',
      help: 'Time to process one consumed message (parse, handler, retries, dead-lettering), by outcome.',
      labelNames: ['topic', 'group', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.messages = new Counter({
      name: 'kafka_consumer_messages_total',
      help: 'Messages consumed, by topic, consumer group and outcome.',
      labelNames: ['topic', 'group', 'outcome'],
      registers,
    });
    this.published = new Counter({
      name: 'outbox_published_total',
      help: 'Outbox events the broker acknowledged, by topic.',
      labelNames: ['topic'],
      registers,
    });
    this.publishFailures = new Counter({
      name: 'outbox_publish_failures_total',
      help: 'Outbox events whose publish attempt failed (they stay in the outbox and are retried), by topic.',
      labelNames: ['topic'],
      registers,
    });
  }

  onModuleInit(): void {
    this.metrics?.registerCollector(
      'messaging_stats',
      'Messaging counters since start; outboxBacklog is the unsent outbox rows last seen.',
      () => ({ ...this.stats.snapshot() }),
    );
  }

  /** Records one consumed message: its outcome and how long it took. */
  observeConsumed(
    topic: string,
    group: string,
    outcome: ConsumeOutcome,
    durationSec: number,
  ): void {
    const labels = { topic, group, outcome };
    this.messages.inc(labels);
    this.handlerDuration.observe(labels, durationSec);
  }

  /** Sets the lag of one partition of a group (never below 0). */
  setLag(topic: string, partition: number, group: string, lag: number): void {
    this.lag.set({ topic, partition: String(partition), group }, Math.max(0, lag));
  }

  /** Drops the lag series of a partition a group no longer reads (rebalanced away, stopped). */
  removeLag(topic: string, partition: number, group: string): void {
    this.lag.remove({ topic, partition: String(partition), group });
  }

  /** Counts outbox events the broker acknowledged. */
  observePublished(topic: string, count: number): void {
    this.published.inc({ topic }, count);
  }

  /** Counts outbox events whose publish failed. */
  observePublishFailed(topic: string, count: number): void {
    this.publishFailures.inc({ topic }, count);
  }

  /**
   * Exposes `outbox_backlog`, the value of `read()` at each scrape (a `COUNT` of unsent rows).
   * When `read` fails or takes longer than 2 s the scrape reports `NaN` (unknown) rather than a
   * number that looks true, and `/metrics` still answers.
   */
  trackOutboxBacklog(read: () => Promise<number>): void {
    this.readBacklog = read;
    if (this.backlogGauge) return;
    const reader = () => this.readBacklog?.() ?? Promise.resolve(0);
    this.backlogGauge = new Gauge({
      name: 'outbox_backlog',
      help: 'Outbox rows not yet published to Kafka, counted at scrape time (NaN: the count failed).',
      registers: [this.registry],
      async collect() {
        try {
          this.set(await withTimeout(reader(), BACKLOG_READ_TIMEOUT_MS));
        } catch {
          this.set(Number.NaN);
        }
      },
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
