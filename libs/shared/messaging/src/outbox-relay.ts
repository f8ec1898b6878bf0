import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { EVENT_HEADERS } from '@newsreel/shared-contracts';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import { TransactionRunner } from '@newsreel/shared-persistence';
import type { Span } from '@opentelemetry/api';
import type { Message, TopicMessages } from 'kafkajs';
import { In, IsNull } from 'typeorm';
import { KafkaPublisher } from './kafka-publisher';
import { MessagingMetrics } from './messaging-metrics';
import { MessagingStats } from './messaging-stats';
import {
  businessAttributes,
  contextFromHeaders,
  endSpan,
  startProducerSpan,
} from './messaging-tracing';
import { OutboxRecord } from './persistence/outbox.record';

/** Rows published per pass (and per Kafka request). */
const BATCH_SIZE = 200;
/** Safety poll: catches rows whose commit nudge was missed (another process, a crash). */
const POLL_MS = 1000;
/** Backoff after a failed pass: 100 ms doubling up to this. */
const MAX_BACKOFF_MS = 2000;
/** Sent rows are kept this long (to look at while debugging), then deleted. */
const RETENTION_MS = 60 * 60 * 1000;
const CLEANUP_EVERY_MS = 60 * 1000;

/** When the relay deletes sent rows; see {@link OUTBOX_CLEANUP}. */
export interface OutboxCleanupOptions {
  /** How long a sent row is kept before it is deleted. Default 1 h. */
  retentionMs: number;
  /** Time between two clean-ups (the first one comes this long after start). Default 1 min. */
  everyMs: number;
}

/**
 * DI token of optional {@link OutboxCleanupOptions} for the {@link OutboxRelay}. Services do not
 * provide it (the defaults apply); tests do, so they need not wait a minute or an hour.
 */
export const OUTBOX_CLEANUP = Symbol('OUTBOX_CLEANUP');

type PassOutcome = 'idle' | 'more';

/** One row on its way to Kafka, in its PRODUCER span. */
interface Outgoing {
  topic: string;
  message: Message;
  span: Span;
}

/**
 * Publishes committed `outbox` rows to Kafka, oldest first, and marks them sent.
 *
 * One loop per process runs one pass at a time: after every commit that added rows (see
 * {@link Outbox}), and every second as a safety net. It reads only committed rows: on SQLite its
 * reads go through the {@link TransactionRunner} queue, so they never run inside someone
 * else's open transaction; on MySQL/PostgreSQL they use their own connection (READ COMMITTED).
 *
 * When Kafka (or the database) fails, the rows stay and the loop retries with exponential
 * backoff up to 2 s, logging one warning per outage and one line when publishing resumes.
 *
 * Sent rows are deleted once they are an hour old, by a clean-up that runs after an idle pass
 * at most once a minute (both adjustable through {@link OUTBOX_CLEANUP}).
 *
 * Each row is published in a PRODUCER span `<topic> publish` whose parent is the trace context
 * stored with the row (the request that wrote it), and the span's own context replaces it in the
 * Kafka headers. Passes that find nothing create no span: idle polling is not traced.
 *
 * Delivery is at least once: if the process dies between the broker's ack and the `sent_at`
 * update, or two instances of a service relay the same database at once, an event is published
 * twice. Consumers deduplicate on the `event-id` header (the inbox), so that is harmless.
 */
@Injectable()
export class OutboxRelay implements OnModuleInit, BeforeApplicationShutdown {
  private running = false;
  private loop: Promise<void> | undefined;
  /** A nudge arrived since the current pass started: run another one right away. */
  private nudged = false;
  /** Ends the current sleep early; set while sleeping. */
  private wake: (() => void) | undefined;
  private sleepingForBackoff = false;
  private failingSince: number | undefined;
  private lastCleanup = Date.now();
  private readonly cleanup: OutboxCleanupOptions;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly publisher: KafkaPublisher,
    private readonly stats: MessagingStats,
    private readonly metrics: MessagingMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(OUTBOX_CLEANUP) cleanup?: Partial<OutboxCleanupOptions>,
  ) {
    this.cleanup = {
      retentionMs: cleanup?.retentionMs ?? RETENTION_MS,
      everyMs: cleanup?.everyMs ?? CLEANUP_EVERY_MS,
    };
  }

  onModuleInit(): void {
    // Counted at scrape time: exact whatever the relay is doing (or not doing) right now. The
    // index on (sent_at, id) serves the count.
    this.metrics.trackOutboxBacklog(() =>
      this.tx.run((manager) => manager.count(OutboxRecord, { where: { sentAt: IsNull() } })),
    );
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Starts the loop (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.publisher.warmUp();
    this.loop = this.run();
  }

  /**
   * Asks for a pass as soon as the current one (if any) is done. Cheap and safe to call from
   * anywhere, including a transaction's commit hook: the pass runs in the relay's own loop.
   * During a Kafka outage it does not cut the backoff short.
   */
  nudge(): void {
    this.nudged = true;
    if (!this.sleepingForBackoff) this.wake?.();
  }

  /** Lets the in-flight pass finish, then stops the loop and disconnects the producer. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.publisher.close();
  }

  private async run(): Promise<void> {
    let backoffMs = 100;
    while (this.running) {
      this.nudged = false;
      try {
        const outcome = await this.pass();
        this.recovered();
        backoffMs = 100;
        if (outcome === 'more') continue;
        await this.cleanUpNowAndThen();
        if (!this.nudged) await this.sleep(POLL_MS, false);
      } catch (error) {
        this.failed(error);
        await this.sleep(backoffMs, true);
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /** Publishes up to one batch; `more` when the batch was full. */
  private async pass(): Promise<PassOutcome> {
    const rows = await this.tx.run((manager) =>
      manager.find(OutboxRecord, {
        where: { sentAt: IsNull() },
        order: { id: 'ASC' },
        take: BATCH_SIZE,
      }),
    );
    if (rows.length === 0) {
      this.stats.setOutboxBacklog(0);
      return 'idle';
    }
    const ids = rows.map((row) => row.id);
    const outgoing = rows.map(toOutgoing);
    try {
      await this.publisher.send(toTopicMessages(outgoing));
    } catch (error) {
      for (const { span } of outgoing) endSpan(span, error);
      for (const [topic, count] of countByTopic(rows))
        this.metrics.observePublishFailed(topic, count);
      this.stats.increment('publishFailures');
      this.stats.setOutboxBacklog(rows.length);
      // Bookkeeping only; the rows are retried whether or not this update works.
      await this.tx
        .run((manager) => manager.increment(OutboxRecord, { id: In(ids) }, 'attempts', 1))
        .catch(() => undefined);
      throw error;
    }
    for (const { span } of outgoing) span.end();
    for (const [topic, count] of countByTopic(rows)) this.metrics.observePublished(topic, count);
    await this.tx.run((manager) =>
      manager.update(OutboxRecord, { id: In(ids) }, { sentAt: new Date() }),
    );
    this.stats.increment('published', rows.length);
    this.stats.setOutboxBacklog(rows.length === BATCH_SIZE ? BATCH_SIZE : 0);
    return rows.length === BATCH_SIZE ? 'more' : 'idle';
  }

  /** Deletes the rows sent longer than the retention ago, once every `everyMs`. */
  private async cleanUpNowAndThen(): Promise<void> {
    if (Date.now() - this.lastCleanup < this.cleanup.everyMs) return;
    this.lastCleanup = Date.now();
    // Not `manager.delete(OutboxRecord, { sentAt: LessThan(date) })`: TypeORM hands delete (and
    // update) criteria to the column transformer whole, FindOperator included, and the
    // `TimestampColumn` transformer expects a Date (`value.getTime is not a function`); only
    // `find` transforms the operator's inner value. So the condition is written out, with the
    // cutoff in the column's stored form: epoch milliseconds in a bigint on every dialect (see
    // `epochMillisTransformer`). `sentAt` is the property; TypeORM turns it into the quoted column.
    const cutoff = Date.now() - this.cleanup.retentionMs;
    await this.tx.run((manager) =>
      manager
        .createQueryBuilder()
        .delete()
        .from(OutboxRecord)
        .where('sentAt < :cutoff', { cutoff })
        .execute(),
    );
  }

  private failed(error: unknown): void {
    if (this.failingSince !== undefined) return;
    this.failingSince = Date.now();
    this.logger.warn(
      { err: error },
      'outbox relay cannot publish; events are kept in the outbox and retried',
    );
  }

  private recovered(): void {
    if (this.failingSince === undefined) return;
    const outageMs = Date.now() - this.failingSince;
    this.failingSince = undefined;
    this.logger.info({ outageMs }, 'outbox relay publishing again');
  }

  /** Waits `ms`, or less when stopped (or nudged, unless this is a backoff). */
  private sleep(ms: number, backoff: boolean): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.sleepingForBackoff = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wake = done;
      this.sleepingForBackoff = backoff;
    });
  }
}

/**
 * A row as a Kafka message, in a PRODUCER span under the trace context stored with the row; the
 * span's context goes into the message's `traceparent`.
 */
function toOutgoing(row: OutboxRecord): Outgoing {
  const headers = JSON.parse(row.headers) as Record<string, string>;
  const span = startProducerSpan({
    topic: row.topic,
    eventId: row.id,
    key: row.messageKey,
    headers,
    parent: contextFromHeaders(headers),
  });
  // Business ids (video.id, user.id) are read from the payload only when someone records them.
  if (span.isRecording()) span.setAttributes(businessAttributesOf(row.payload));
  return { topic: row.topic, span, message: { key: row.messageKey, value: row.payload, headers } };
}

/** One entry per topic, messages in id order (so per-key order is kept). */
function toTopicMessages(outgoing: Outgoing[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const { topic, message } of outgoing) {
    let entry = byTopic.get(topic);
    if (!entry) {
      entry = { topic, messages: [] };
      byTopic.set(topic, entry);
    }
    entry.messages.push(message);
  }
  return [...byTopic.values()];
}

function countByTopic(rows: OutboxRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.topic, (counts.get(row.topic) ?? 0) + 1);
  return counts;
}

function businessAttributesOf(payload: string) {
  try {
    return businessAttributes(JSON.parse(payload));
  } catch {
    return {};
  }
}

/** Headers of a new event, as stored in the outbox row. */
export function eventHeaders(eventId: string, topic: string): Record<string, string> {
  return {
    [EVENT_HEADERS.eventId]: eventId,
    [EVENT_HEADERS.eventType]: topic,
    [EVENT_HEADERS.contentType]: 'application/json',
  };
}
