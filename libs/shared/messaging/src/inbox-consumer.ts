import {
  type BeforeApplicationShutdown,
  Inject,
  type InjectionToken,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EVENT_HEADERS, type EventDefinition } from '@newsreel/shared-contracts';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import { TransactionRunner, isUniqueViolation } from '@newsreel/shared-persistence';
import { type Span, SpanStatusCode, context } from '@opentelemetry/api';
import type { EachMessagePayload, Kafka } from 'kafkajs';
import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import { type ConsumedMessageContext, ConsumerInstrumentation } from './consumer-instrumentation';
import type { UnitOfWork } from '@newsreel/shared-unit-of-work';
import type { EventHandler, EventSubscription } from './event-handler';
import { KafkaPublisher } from './kafka-publisher';
import { type ConsumeOutcome, MessagingMetrics } from './messaging-metrics';
import { MessagingStats } from './messaging-stats';
import {
  MESSAGING_ATTRIBUTES,
  businessAttributes,
  endSpan,
  recordError,
  startProducerSpan,
} from './messaging-tracing';
import { KAFKA, MESSAGING_OPTIONS } from './messaging.tokens';
import { InboxRecord } from './persistence/inbox.record';
import { ResilientConsumer } from './resilient-consumer';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work';

/** `MessagingOptions` with defaults applied (the module builds it). */
export interface ResolvedMessagingOptions {
  groupId: string;
  subscriptions: readonly EventSubscription[];
  fromBeginning: boolean;
  retryDelaysMs: readonly number[];
  /** Token of the service's unit of work; `undefined`: `TypeOrmUnitOfWork`. */
  unitOfWork: InjectionToken | undefined;
}

/** Namespace of the ids derived for messages without a usable `event-id` header. */
const DERIVED_ID_NAMESPACE = '6f1c1f0e-6a53-4c1e-9a77-3b0f3f2b4d10';
/** Longest `error` header written to a dead letter. */
const MAX_ERROR_HEADER = 1000;

/** Thrown inside the transaction to roll back when the inbox already has the event. */
class AlreadyProcessed extends Error {}

interface Route {
  event: EventDefinition;
  handler: EventHandler<EventDefinition>;
  /** Where the handler writes: the service's unit of work. */
  unitOfWork: UnitOfWork;
}

/** A message on its way to the dead-letter queue. */
interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  eventId: string;
}

/**
 * The service's consumer group: one kafkajs consumer for every subscribed topic. Each message is
 * validated, then its inbox row and its handler's writes commit in one transaction; a duplicate
 * is skipped, a failing handler is retried and then dead-lettered to `<topic>.dlq`, so no
 * message blocks its partition for more than a couple of seconds.
 *
 * Each message runs in a CONSUMER span `<topic> process` (child of the producer's span), which
 * holds the handler's work, its failed attempts (as exception events) and the dead-letter
 * publish (a PRODUCER span); see {@link ConsumerInstrumentation} for the metrics.
 */
@Injectable()
export class InboxConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly routes = new Map<string, Route>();
  private consumer: ResilientConsumer | undefined;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(MESSAGING_OPTIONS) private readonly options: ResolvedMessagingOptions,
    private readonly moduleRef: ModuleRef,
    private readonly tx: TransactionRunner,
    private readonly publisher: KafkaPublisher,
    private readonly stats: MessagingStats,
    private readonly metrics: MessagingMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Resolves the handlers (a missing one fails the start) and starts consuming in the background. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.options.subscriptions.length === 0) return; // a producer-only service
    const unitOfWork = this.resolveUnitOfWork();
    for (const { event, handler } of this.options.subscriptions) {
      if (this.routes.has(event.topic)) {
        throw new Error(
          `MessagingModule: ${event.topic} is subscribed twice; use one handler per event`,
        );
      }
      this.routes.set(event.topic, { event, handler: await this.resolve(handler), unitOfWork });
    }
    this.consumer = new ResilientConsumer(this.kafka, {
      groupId: this.options.groupId,
      topics: [...this.routes.keys()],
      fromBeginning: this.options.fromBeginning,
      eachMessage: (payload, message) => this.onMessage(payload, message),
      instrumentation: new ConsumerInstrumentation(this.options.groupId, this.metrics),
      logger: this.logger,
    });
    this.consumer.start();
  }

  /** Stops before the database closes (PersistenceModule closes it in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  /** Resolves once the group has been joined (for tests and tools; start-up does not wait). */
  joined(): Promise<void> {
    return this.consumer?.joined ?? Promise.resolve();
  }

  /**
   * The handler instance: the provider registered by the app (any module), else one built here
   * from global providers (DataSource, TransactionRunner, Outbox, LOGGER...).
   */
  private async resolve(
    handler: EventSubscription['handler'],
  ): Promise<EventHandler<EventDefinition>> {
    try {
      return this.moduleRef.get(handler, { strict: false });
    } catch {
      try {
        return await this.moduleRef.create(handler);
      } catch (error) {
        throw new Error(
          `MessagingModule cannot create ${handler.name}: add it to the providers of the module ` +
            `that imports MessagingModule.forService() (${(error as Error).message})`,
          { cause: error },
        );
      }
    }
  }

  private resolveUnitOfWork(): UnitOfWork {
    const token = this.options.unitOfWork ?? TypeOrmUnitOfWork;
    try {
      return this.moduleRef.get<UnitOfWork>(token, { strict: false });
    } catch (error) {
      throw new Error(
        `MessagingModule cannot find the unit of work ${String(token)}: provide it in the app ` +
          `(${(error as Error).message})`,
        { cause: error },
      );
    }
  }

  private async onMessage(
    { topic, partition, message, ...kafka }: EachMessagePayload,
    { span, headers }: ConsumedMessageContext,
  ): Promise<ConsumeOutcome> {
    const route = this.routes.get(topic);
    if (!route) return 'skipped'; // not ours (cannot happen with topic subscriptions)
    this.stats.increment('consumed');
    const eventId = eventIdOf(headers[EVENT_HEADERS.eventId], topic, partition, message.offset);
    span.setAttribute(MESSAGING_ATTRIBUTES.messageId, eventId);
    const dead: DeadLetter = {
      topic,
      partition,
      offset: message.offset,
      key: message.key,
      value: message.value,
      headers,
      eventId,
    };

    let payload: unknown;
    try {
      payload = route.event.schema.parse(JSON.parse(message.value?.toString('utf8') ?? 'null'));
    } catch (error) {
      const reason =
        error instanceof z.ZodError
          ? `invalid payload: ${z.prettifyError(error)}`
          : `invalid JSON: ${String(error)}`;
      await this.deadLetter(dead, reason, error, span);
      return 'dead_lettered';
    }
    span.setAttributes(businessAttributes(payload));

    const eventContext = { eventId, topic, headers };
    let lastError: unknown;
    const delays = this.options.retryDelaysMs;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) {
        await sleep(delays[attempt - 1]);
        // A long retry must not cost the group membership.
        await kafka.heartbeat();
      }
      try {
        await this.tx.run(async (manager) => {
          try {
            await manager.insert(InboxRecord, {
              consumer: this.options.groupId,
              eventId,
              topic,
              processedAt: new Date(),
            });
          } catch (error) {
            // Rolled back rather than committed: on PostgreSQL the failed insert has already
            // aborted the transaction.
            if (isUniqueViolation(error)) throw new AlreadyProcessed();
            throw error;
          }
          // Joins the transaction above: the handler's writes commit with the inbox row.
          await route.unitOfWork.run((tx) =>
            route.handler.handle(payload, { ...eventContext, tx }),
          );
        });
        return 'processed';
      } catch (error) {
        if (error instanceof AlreadyProcessed) {
          this.stats.increment('duplicatesSkipped');
          span.addEvent('duplicate skipped');
          this.logger.debug({ topic, eventId }, 'duplicate event skipped');
          return 'duplicate';
        }
        lastError = error;
        recordError(span, error);
        this.logger.warn(
          { err: error, topic, eventId, attempt: attempt + 1, attempts: delays.length + 1 },
          'event handler failed',
        );
      }
    }
    await this.deadLetter(dead, errorMessage(lastError), lastError, span);
    return 'dead_lettered';
  }

  /**
   * Sends the original message to `<topic>.dlq` (in a PRODUCER span under the message's span)
   * and lets the partition move on. If even that fails (Kafka is down), the error goes to
   * kafkajs, which redelivers the message later.
   */
  private async deadLetter(
    dead: DeadLetter,
    reason: string,
    error: unknown,
    consumeSpan: Span,
  ): Promise<void> {
    const dlq = `${dead.topic}.dlq`;
    const headers: Record<string, string> = {
      ...dead.headers,
      [EVENT_HEADERS.eventId]: dead.eventId,
      error: reason.slice(0, MAX_ERROR_HEADER),
      'original-topic': dead.topic,
      'original-partition': String(dead.partition),
      'original-offset': dead.offset,
      consumer: this.options.groupId,
    };
    const key = dead.key?.toString('utf8') ?? null;
    const span = startProducerSpan({
      topic: dlq,
      eventId: dead.eventId,
      key,
      headers,
      parent: context.active(),
    });
    try {
      await this.publisher.send([
        { topic: dlq, messages: [{ key: dead.key, value: dead.value, headers }] },
      ]);
    } catch (sendError) {
      endSpan(span, sendError);
      throw sendError;
    }
    span.end();
    consumeSpan.setStatus({
      code: SpanStatusCode.ERROR,
      message: `dead-lettered: ${reason.slice(0, 200)}`,
    });
    this.stats.increment('deadLettered');
    this.logger.error(
      {
        err: error,
        topic: dead.topic,
        dlq,
        eventId: dead.eventId,
        partition: dead.partition,
        offset: dead.offset,
      },
      `event dead-lettered: ${reason.slice(0, 200)}`,
    );
  }
}

/**
 * The inbox key: the `event-id` header when it fits the column, else a name-based UUID (v5) of
 * it or, without a header, of topic/partition/offset, which is stable across redeliveries.
 */
export function eventIdOf(
  header: string | undefined,
  topic: string,
  partition: number,
  offset: string,
): string {
  if (header && header.length <= 36) return header;
  return uuidv5(header ?? `${topic}/${partition}/${offset}`, DERIVED_ID_NAMESPACE);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
